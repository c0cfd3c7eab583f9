using System.Text;
using PracticeCommunity.Data;
using PracticeCommunity.Features.Live;
using PracticeCommunity.Features.Live.Redis;

namespace PracticeCommunity.Tests.MultiServer;

/// <summary>What one server writes on Redis, another reads back the same; a server of the previous release is understood.</summary>
public sealed class EventEnvelopeTests
{
    [Fact]
    public void A_presence_part_crosses_with_its_number_and_audience()
    {
        var sent = new PresencePart(42, "server-a", ["Ada", "Bo"], 17) { Audience = RoomAudience.BuyersOnly };

        var read = Assert.IsType<PresencePart>(EventEnvelope.Read(EventEnvelope.Write("server-a", sent)).ToEvent());

        Assert.Equal((42L, "server-a", 17L, RoomAudience.BuyersOnly), (read.ThreadId, read.InstanceId, read.Version, read.Audience));
        Assert.Equal(["Ada", "Bo"], read.Members);
    }

    [Fact]
    public void A_presence_part_from_a_server_without_numbers_reads_as_the_oldest()
    {
        const string previousRelease = """
            {"origin":"server-old","eventType":"PresencePart","audience":"Open","payload":{"threadId":7,"instanceId":"server-old","members":["Ada"]}}
            """;

        var read = Assert.IsType<PresencePart>(EventEnvelope.Read(Encoding.UTF8.GetBytes(previousRelease)).ToEvent());

        Assert.Equal(0, read.Version);
        Assert.Equal(["Ada"], read.Members);
    }
}
