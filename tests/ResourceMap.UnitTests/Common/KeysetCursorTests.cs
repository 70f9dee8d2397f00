using ResourceMap.Api.Common;

namespace ResourceMap.UnitTests.Common;

public class KeysetCursorTests
{
    [Fact]
    public void A_cursor_round_trips_to_the_microsecond()
    {
        var at = new DateTimeOffset(2025, 11, 24, 1, 2, 3, TimeSpan.Zero).AddTicks(1234560);
        var id = Guid.NewGuid().ToString();
        var cursor = KeysetCursor.Encode(at, id);
        Assert.DoesNotContain('+', cursor);
        Assert.DoesNotContain('/', cursor);
        Assert.DoesNotContain('=', cursor);
        Assert.True(KeysetCursor.TryDecode(cursor, out var decodedAt, out var decodedId));
        Assert.Equal(at, decodedAt);
        Assert.Equal(id, decodedId);
    }

    [Theory]
    [InlineData("")]
    [InlineData("zzz")]
    [InlineData("!!!")]
    [InlineData("MTIzfA")] // "123|" – no id
    public void Anything_else_is_rejected(string cursor) => Assert.False(KeysetCursor.TryDecode(cursor, out _, out _));
}
