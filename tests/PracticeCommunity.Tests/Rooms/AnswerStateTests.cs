using Bunit;
using Microsoft.Extensions.DependencyInjection;
using PracticeCommunity.Data;
using PracticeCommunity.Features.Rooms;

namespace PracticeCommunity.Tests.Rooms;

/// <summary>Issue 8: a question says where it stands in words (not "Open", which read as "unanswered"); other threads say nothing.</summary>
public sealed class AnswerStateTests : BunitContext
{
    public AnswerStateTests() => Services.AddLocalization();

    [Theory]
    [InlineData(ThreadKind.PracticeQuestion, 0, false, "Unanswered")]
    [InlineData(ThreadKind.PracticeQuestion, 3, false, "Answered")]
    [InlineData(ThreadKind.PracticeQuestion, 3, true, "✓ Accepted")]
    public void A_question_shows_its_answer_state(ThreadKind kind, int replies, bool accepted, string expected)
    {
        var cut = Render<AnswerState>(p => p.Add(x => x.Kind, kind).Add(x => x.ReplyCount, replies).Add(x => x.HasAcceptedAnswer, accepted));

        Assert.Equal(expected, cut.Find("[data-testid=answer-state]").TextContent.Trim());
    }

    [Theory]
    [InlineData(ThreadKind.PracticeShare)]
    [InlineData(ThreadKind.CaseProposal)]
    public void Other_threads_have_no_answer_state(ThreadKind kind)
    {
        var cut = Render<AnswerState>(p => p.Add(x => x.Kind, kind).Add(x => x.ReplyCount, 0).Add(x => x.HasAcceptedAnswer, false));

        Assert.Empty(cut.FindAll("[data-testid=answer-state]"));
    }
}
