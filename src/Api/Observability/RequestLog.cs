namespace Ticketing.Api.Observability;

/// <summary>What a handler learned about its request, for the one log line written when it ends.</summary>
public sealed class RequestLog
{
    /// <summary>The answer's error code, or <c>ok</c>/<c>created</c>/... on success.</summary>
    public string? Outcome { get; set; }
}
