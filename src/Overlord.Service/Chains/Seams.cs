namespace Overlord.Service.Chains;
public interface IChainHealth { bool IsDisabled(string chain); void RecordFailure(string chain); void RecordSuccess(string chain); IReadOnlyList<ChainHealthSnapshot> Snapshot(); }
public sealed record ChainHealthSnapshot(string Chain, int Failures, bool Disabled, DateTimeOffset? LastFailure, TimeSpan? DisabledFor);
public interface IChainCallPolicy { Task<HttpResponseMessage> SendAsync(string chain, bool isTail, HttpRequestMessage request, Func<HttpRequestMessage, CancellationToken, Task<HttpResponseMessage>> send, CancellationToken ct); }
