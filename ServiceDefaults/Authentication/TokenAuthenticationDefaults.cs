namespace McpGateway.ServiceDefaults.Authentication;

/// <summary>Names of the authentication schemes and policies every service shares.</summary>
public static class TokenAuthenticationDefaults
{
    /// <summary>
    /// The scheme our policies name (none is the default): forwards to <see cref="BearerScheme"/> (JwtBearer) or
    /// <see cref="BasicScheme"/> by the Authorization header.
    /// </summary>
    public const string Scheme = "BearerOrBasic";

    public const string BearerScheme = "Bearer";
    public const string BasicScheme = "Basic";

    /// <summary>The realm named in the Basic challenge.</summary>
    public const string Realm = "mcpgateway";

    /// <summary>A policy for platform-admin-only endpoints: the `is_admin` claim is true.</summary>
    public const string PlatformAdminPolicy = "platform_admin";

    /// <summary>Claim names as issued (RFC 9068 and the auth service's contract); inbound claims are never renamed.</summary>
    public static class Claims
    {
        public const string Subject = "sub";
        public const string Email = "email";
        public const string IsAdmin = "is_admin";
        public const string JwtId = "jti";
        public const string Role = "role";
        public const string AuthenticationMethod = "amr";
    }
}
