using System.Net.Sockets;

namespace Ticketing.Load.Api;

/// <summary>
/// What a load balancer in front of several Api processes does for the driver (nginx's default
/// <c>proxy_next_upstream error</c>): each request goes to the next Api in turn; one whose
/// connection is refused (that Api is down, so it never saw the request) goes to the next one
/// instead, and so does a GET whose connection broke before an answer (reading twice is harmless).
/// A POST or DELETE that reached an Api that then died is not retried: it stays a dropped request,
/// as a user behind a real balancer would see it.
/// </summary>
public sealed class ApiRotation(IReadOnlyList<Uri> apis) : DelegatingHandler
{
    private int _next = -1;

    public static IReadOnlyList<Uri> Parse(string baseUrls) =>
        baseUrls.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Select(url => new Uri(url)).ToList();

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var pathAndQuery = request.RequestUri!.PathAndQuery;
        var first = (int)((uint)Interlocked.Increment(ref _next) % (uint)apis.Count);
        for (var attempt = 0; ; attempt++)
        {
            request.RequestUri = new Uri(apis[(first + attempt) % apis.Count], pathAndQuery);
            try
            {
                return await base.SendAsync(request, cancellationToken);
            }
            catch (HttpRequestException failed) when (attempt + 1 < apis.Count && (IsRefused(failed) || request.Method == HttpMethod.Get))
            {
                // Nothing was sent, or it was a read: the same request may go to the next Api.
            }
        }
    }

    private static bool IsRefused(HttpRequestException exception) =>
        exception.InnerException is SocketException { SocketErrorCode: SocketError.ConnectionRefused };
}
