using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace PracticeCommunity.Hosting;

/// <summary>
/// Makes /openapi/v1.json something clients can be generated from: the bearer scheme declared and required where
/// the endpoint requires a member, the problem responses every API call can give (401 without a token, 429 over a
/// limit), and summaries for Identity's endpoints, which come without them.
/// </summary>
internal static class ApiDocument
{
    public const string BearerScheme = "Bearer";

    public static void Configure(OpenApiOptions options)
    {
        options.AddDocumentTransformer((document, _, _) =>
        {
            document.Info.Title = "PracticeCommunity API";
            document.Info.Description = "Rooms, threads and posts of the circular-procurement community of practice. " +
                "Sign in over /api/v1/auth/login and send the access token as a bearer token; errors are RFC 9457 problem details.";
            document.Components ??= new OpenApiComponents();
            document.Components.SecuritySchemes ??= new Dictionary<string, IOpenApiSecurityScheme>();
            document.Components.SecuritySchemes[BearerScheme] = new OpenApiSecurityScheme
            {
                Type = SecuritySchemeType.Http,
                Scheme = "bearer",
                Description = "The accessToken from POST /api/v1/auth/login (browsers use the sign-in cookie instead).",
            };
            foreach (var server in document.Servers ?? [])
            {
                server.Url = server.Url?.TrimEnd('/');
            }
            document.Tags ??= new HashSet<OpenApiTag>();
            foreach (var tag in document.Tags)
            {
                tag.Description ??= TagDescriptions.GetValueOrDefault(tag.Name ?? "");
            }
            return Task.CompletedTask;
        });

        options.AddOperationTransformer(async (operation, context, ct) =>
        {
            var path = "/" + (context.Description.RelativePath ?? "").Split('?')[0];
            // The API, the calendar feed that calendar apps read by its secret address, and one-click unsubscribe.
            if (!path.StartsWith("/api/", StringComparison.Ordinal) && !path.StartsWith("/calendar/", StringComparison.Ordinal)
                && !path.StartsWith("/email/", StringComparison.Ordinal)) return;
            var key = $"{context.Description.HttpMethod} {path}";
            if (IdentityOperations.TryGetValue(key, out var identity))
            {
                operation.Summary ??= identity.Summary;
                operation.OperationId ??= identity.OperationId;
            }
            operation.Summary ??= key;
            operation.Responses ??= new OpenApiResponses();
            var problem = await context.GetOrCreateSchemaAsync(typeof(ProblemDetails), null, ct);

            var metadata = context.Description.ActionDescriptor.EndpointMetadata;
            var needsMember = metadata.OfType<IAuthorizeData>().Any() && !metadata.OfType<IAllowAnonymous>().Any();
            if (needsMember)
            {
                operation.Security ??= [];
                operation.Security.Add(new OpenApiSecurityRequirement { [new OpenApiSecuritySchemeReference(BearerScheme, context.Document)] = [] });
                AddProblem(operation, "401", "Not signed in, or the token is no longer valid.", problem);
            }
            else
            {
                // Open to anyone (registering, signing in): an explicitly empty requirement says so.
                operation.Security = [new OpenApiSecurityRequirement()];
            }
            if (path.Contains('{')) AddProblem(operation, "404", "Not found, or not visible to the caller.", problem);
            AddProblem(operation, "429", "Too many requests: wait for the time in Retry-After.", problem);
        });
    }

    private static void AddProblem(OpenApiOperation operation, string status, string description, IOpenApiSchema schema)
    {
        if (operation.Responses!.ContainsKey(status)) return;
        operation.Responses[status] = new OpenApiResponse
        {
            Description = description,
            Content = new Dictionary<string, OpenApiMediaType> { ["application/problem+json"] = new() { Schema = schema } },
        };
    }

    private static readonly Dictionary<string, string> TagDescriptions = new()
    {
        ["Auth"] = "Accounts and tokens (ASP.NET Core Identity).",
        ["Members"] = "The caller's profile, organisations, and the member directory.",
        ["Home"] = "A member's home page as data.",
        ["Rooms"] = "Discussion rooms, threads and posts.",
        ["Follows"] = "Following and muting rooms and threads.",
        ["Sessions"] = "Peer-learning sessions: the calendar, registration, waitlists and iCalendar files.",
        ["Moderation"] = "Flags and the review queue, suspensions and the audit log.",
        ["Cases"] = "The case-study library: proposing and reviewing cases, attachments, replications, network results and CSV.",
        ["Notifications"] = "The caller's notifications.",
        ["Email"] = "The caller's digest and notification emails, the digest preview, and one-click unsubscribe (RFC 8058).",
        ["Search"] = "Full-text search over what the caller may see.",
    };

    private static readonly Dictionary<string, (string OperationId, string Summary)> IdentityOperations = new()
    {
        ["POST /api/v1/auth/register"] = ("Register", "Create an account (a confirmation email follows)"),
        ["POST /api/v1/auth/login"] = ("Login", "Sign in: returns an access token and a refresh token"),
        ["POST /api/v1/auth/refresh"] = ("Refresh", "Exchange a refresh token for new tokens"),
        ["GET /api/v1/auth/confirmEmail"] = ("ConfirmEmail", "Confirm an email address (the link from the email)"),
        ["POST /api/v1/auth/resendConfirmationEmail"] = ("ResendConfirmationEmail", "Send the confirmation email again"),
        ["POST /api/v1/auth/forgotPassword"] = ("ForgotPassword", "Email a password-reset code"),
        ["POST /api/v1/auth/resetPassword"] = ("ResetPassword", "Set a new password with the emailed code"),
        ["POST /api/v1/auth/manage/2fa"] = ("Manage2fa", "Two-factor sign-in settings"),
        ["GET /api/v1/auth/manage/info"] = ("GetManageInfo", "The account's email address and confirmation"),
        ["POST /api/v1/auth/manage/info"] = ("ManageInfo", "Change the account's email address or password"),
    };
}
