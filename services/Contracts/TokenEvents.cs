namespace McpGateway.Contracts;

/// <summary>
/// auth → everyone: a token id (`jti`) is revoked. Every service refuses it until <paramref name="ExpiresAt"/>, after
/// which it would be refused anyway (null: the token never expires, so it stays on the deny-list).
/// </summary>
public sealed record TokenRevoked(string Jti, DateTime? ExpiresAt, string? UserEmail) : IntegrationEvent;
