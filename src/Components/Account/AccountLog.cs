namespace PracticeCommunity.Components.Account;

/// <summary>What the account pages log: member ids and events, never addresses, codes or passwords.</summary>
internal static partial class AccountLog
{
    [LoggerMessage(Level = LogLevel.Information, Message = "Member {MemberId} signed in with two-factor authentication")]
    public static partial void SignedInWithTwoFactor(ILogger logger, string memberId);

    [LoggerMessage(Level = LogLevel.Information, Message = "Member {MemberId} signed in with a recovery code")]
    public static partial void SignedInWithRecoveryCode(ILogger logger, string memberId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Member {MemberId} is locked out after wrong two-factor codes")]
    public static partial void LockedOut(ILogger logger, string memberId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "A wrong two-factor or recovery code was entered for member {MemberId}")]
    public static partial void WrongCode(ILogger logger, string memberId);

    [LoggerMessage(Level = LogLevel.Information, Message = "Member {MemberId} changed their password")]
    public static partial void PasswordChanged(ILogger logger, string memberId);

    [LoggerMessage(Level = LogLevel.Information, Message = "Member {MemberId} changed two-factor authentication: {Change}")]
    public static partial void TwoFactorChanged(ILogger logger, string memberId, string change);

    [LoggerMessage(Level = LogLevel.Information, Message = "Member {MemberId} deleted their account")]
    public static partial void AccountDeleted(ILogger logger, string memberId);
}
