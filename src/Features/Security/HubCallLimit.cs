using Microsoft.AspNetCore.SignalR;

namespace PracticeCommunity.Features.Security;

/// <summary>Every hub method counts against the caller's <see cref="LimitKind.HubCalls"/>; over it, a hub error and nothing done.</summary>
internal sealed class HubCallLimit(ActionLimits limits) : IHubFilter
{
    public ValueTask<object?> InvokeMethodAsync(HubInvocationContext invocationContext, Func<HubInvocationContext, ValueTask<object?>> next)
    {
        var key = invocationContext.Context.UserIdentifier is { } id ? "member:" + id : "connection:" + invocationContext.Context.ConnectionId;
        var decision = limits.TryAcquire(LimitKind.HubCalls, key);
        if (!decision.Allowed)
        {
            throw new HubException($"Too many requests. Try again in {decision.RetryAfterSeconds} seconds.");
        }
        return next(invocationContext);
    }
}
