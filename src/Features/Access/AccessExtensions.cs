namespace PracticeCommunity.Features.Access;

public static class AccessExtensions
{
    public static IHostApplicationBuilder AddAccess(this IHostApplicationBuilder builder)
    {
        builder.Services.AddSingleton<AccessGate>();
        return builder;
    }
}
