using McpGateway.Teams.Model;

namespace McpGateway.Teams.Apis;

// Request and response bodies of /teams, with ContextForge's fields (snake_case on the wire).

public sealed record CreateTeamRequest(string? Name, string? Slug, string? Description, string? Visibility, int? MaxMembers);

public sealed record UpdateTeamRequest(string? Name, string? Description, string? Visibility, int? MaxMembers);

public sealed record TeamResponse(
    string Id, string Name, string Slug, string? Description, string CreatedBy, bool IsPersonal, string Visibility,
    int? MaxMembers, int MemberCount, DateTime CreatedAt, DateTime UpdatedAt, bool IsActive)
{
    public static TeamResponse From(Team team, int memberCount) => new(
        team.Id, team.Name, team.Slug, team.Description, team.CreatedBy, team.IsPersonal, Names.Of(team.Visibility),
        team.MaxMembers, memberCount, team.CreatedAt, team.UpdatedAt, team.IsActive);
}

public sealed record TeamListResponse(IReadOnlyList<TeamResponse> Teams, int Total);

public sealed record TeamDiscoveryResponse(string Id, string Name, string Slug, string? Description, int MemberCount, DateTime CreatedAt, bool IsJoinable);

public sealed record AddMemberRequest(string? Email, string? Role);

public sealed record UpdateMemberRequest(string? Role);

public sealed record TeamMemberResponse(string Id, string TeamId, string UserEmail, string Role, DateTime JoinedAt, string? InvitedBy, bool IsActive)
{
    public static TeamMemberResponse From(TeamMember member) =>
        new(member.Id, member.TeamId, member.UserEmail, Names.Of(member.Role), member.JoinedAt, member.InvitedBy, member.IsActive);
}

public sealed record InviteRequest(string? Email, string? Role);

/// <summary>An invitation; <see cref="Token"/> only in the answer that created it (it is stored hashed).</summary>
public sealed record InvitationResponse(
    string Id, string TeamId, string TeamName, string Email, string Role, string InvitedBy, DateTime InvitedAt,
    DateTime ExpiresAt, string? Token, bool IsActive, bool IsExpired);

public sealed record JoinTeamRequest(string? Message);

public sealed record JoinRequestResponse(
    string Id, string TeamId, string TeamName, string UserEmail, string? Message, string Status, DateTime RequestedAt,
    DateTime ExpiresAt, DateTime? ReviewedAt, string? ReviewedBy)
{
    public static JoinRequestResponse From(TeamJoinRequest request, string teamName) => new(
        request.Id, request.TeamId, teamName, request.UserEmail, request.Message, Names.Of(request.Status),
        request.RequestedAt, request.ExpiresAt, request.ReviewedAt, request.ReviewedBy);
}
