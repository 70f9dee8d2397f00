namespace ResourceMap.Domain.Directory;

/// <summary>
/// One weekly opening period. <see cref="Closes"/> earlier than <see cref="Opens"/> means the period runs past
/// midnight into the next day (night lines such as 20:00–02:00). Day "holiday" applies on public holidays.
/// </summary>
public record OpeningPeriod(string Day, TimeOnly Opens, TimeOnly Closes)
{
    public static readonly IReadOnlyList<string> Days = ["mon", "tue", "wed", "thu", "fri", "sat", "sun", "holiday"];

    public bool CrossesMidnight => Closes <= Opens;
}
