namespace PracticeCommunity.Common;

/// <summary>Reads an enum from user input by its name only: "1" or "Buyer, Supplier" are not names.</summary>
public static class EnumNames
{
    public static T? Parse<T>(string? value) where T : struct, Enum =>
        Enum.GetNames<T>().FirstOrDefault(n => string.Equals(n, value?.Trim(), StringComparison.OrdinalIgnoreCase)) is { } name
            ? Enum.Parse<T>(name) : null;
}
