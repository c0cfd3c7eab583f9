using Microsoft.EntityFrameworkCore.Storage.ValueConversion;

namespace PracticeCommunity.Data;

/// <summary>Stores a <see cref="DateTimeOffset"/> as UTC ticks; every time in the database is UTC.</summary>
public sealed class UtcTicksConverter() : ValueConverter<DateTimeOffset, long>(
    v => v.UtcTicks,
    v => new DateTimeOffset(v, TimeSpan.Zero));
