using System.Globalization;

namespace Ticketing.EngineBench;

/// <summary>The 1-minute load average, recorded with the results because it explains them on a shared machine.</summary>
internal static class LoadAverage
{
    public static double Read()
    {
        try
        {
            return double.Parse(File.ReadAllText("/proc/loadavg").Split(' ')[0], CultureInfo.InvariantCulture);
        }
        catch (IOException)
        {
            return double.NaN;
        }
    }
}
