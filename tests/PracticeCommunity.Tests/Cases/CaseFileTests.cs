using System.IO.Compression;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using PracticeCommunity.Features.Cases;
using PracticeCommunity.Testing;
using PracticeCommunity.Tests.Infrastructure;
using PracticeCommunity.Tests.Rooms;
using static PracticeCommunity.Testing.CaseSteps;
using static PracticeCommunity.Tests.Cases.CaseTestKit;

namespace PracticeCommunity.Tests.Cases;

/// <summary>Attachments: the type is read from the content, the name is cleaned, and only those who may see the case download.</summary>
public sealed class CaseFileTests(AppFixture fixture) : IClassFixture<AppFixture>
{
    private CommunityAppFactory App => fixture.App;

    private static readonly byte[] Pdf = Encoding.ASCII.GetBytes("%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << >>\n%%EOF\n");

    private static async Task<(HttpStatusCode Status, JsonElement Body)> UploadAsync(CommunityMember member, long caseId, byte[] bytes, string fileName)
    {
        using var form = new MultipartFormDataContent();
        var file = new ByteArrayContent(bytes);
        file.Headers.ContentType = new MediaTypeHeaderValue("application/pdf");
        // Written raw: HttpClient refuses control characters in a file name; an attacker's client does not.
        file.Headers.TryAddWithoutValidation("Content-Disposition", $"form-data; name=\"file\"; filename=\"{fileName}\"");
        form.Add(file);
        using var response = await member.Http.PostAsync($"/api/v1/cases/{caseId}/attachments", form);
        var text = await response.Content.ReadAsStringAsync();
        return (response.StatusCode, text.StartsWith('{') ? JsonDocument.Parse(text).RootElement.Clone() : default);
    }

    private static byte[] Zip(params (string Name, byte[] Content)[] entries)
    {
        using var buffer = new MemoryStream();
        using (var zip = new ZipArchive(buffer, ZipArchiveMode.Create, leaveOpen: true))
        {
            foreach (var (name, content) in entries)
            {
                using var stream = zip.CreateEntry(name, CompressionLevel.SmallestSize).Open();
                stream.Write(content);
            }
        }
        return buffer.ToArray();
    }

    [Fact]
    public async Task A_pdf_is_stored_outside_wwwroot_under_a_clean_name_and_served_only_to_those_who_may_see_the_case()
    {
        using var owner = await App.JoinAsAsync(Persona.Buyer);
        using var supplier = await App.JoinAsAsync(Persona.Supplier);
        using var moderator = await App.JoinAsAsync(Persona.Moderator);
        var id = await owner.ProposeAsync(Body());

        var (status, created) = await UploadAsync(owner, id, Pdf, "../..\\etc/pass\u0007wd\u001b\t.pdf");
        Assert.Equal(HttpStatusCode.Created, status);
        Assert.Equal("passwd.pdf", created.Str("fileName"));
        Assert.Equal("application/pdf", created.Str("contentType"));
        var url = created.Str("url");

        var directory = App.Services.GetRequiredService<CaseFiles>().Directory;
        Assert.DoesNotContain("wwwroot", directory, StringComparison.OrdinalIgnoreCase);
        Assert.Single(Directory.GetFiles(directory), f => File.ReadAllBytes(f).SequenceEqual(Pdf));

        // A draft's file is the draft's: others get nothing, not even a hint that it exists.
        Assert.Equal(HttpStatusCode.NotFound, (await supplier.Http.GetAsync(url)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await UploadAsync(supplier, id, Pdf, "mine.pdf")).Status);
        Assert.Equal(HttpStatusCode.Forbidden, (await UploadAsync(moderator, id, Pdf, "mod.pdf")).Status);

        await owner.SendAsync(HttpMethod.Post, $"/api/v1/cases/{id}/submit");
        await moderator.SendAsync(HttpMethod.Post, $"/api/v1/cases/{id}/publish");
        using var download = await supplier.Http.GetAsync(url);
        Assert.Equal(HttpStatusCode.OK, download.StatusCode);
        Assert.Equal("attachment", download.Content.Headers.ContentDisposition?.DispositionType);
        Assert.Equal("passwd.pdf", download.Content.Headers.ContentDisposition?.FileNameStar ?? download.Content.Headers.ContentDisposition?.FileName?.Trim('"'));
        Assert.Equal(Pdf, await download.Content.ReadAsByteArrayAsync());
        // Once published, the files are part of the record: no more added.
        Assert.Equal(HttpStatusCode.Forbidden, (await UploadAsync(owner, id, Pdf, "late.pdf")).Status);
        var seen = await supplier.Http.GetJsonAsync($"/api/v1/cases/{id}");
        Assert.Equal(["passwd.pdf"], seen.GetProperty("attachments").EnumerateArray().Select(a => a.Str("fileName")));
    }

    [Fact]
    public async Task Office_documents_are_recognised_by_their_parts_and_named_for_their_type()
    {
        using var owner = await App.JoinAsAsync(Persona.Buyer);
        var id = await owner.ProposeAsync(Body());
        var docx = Zip(("[Content_Types].xml", "<Types/>"u8.ToArray()), ("word/document.xml", "<w:document/>"u8.ToArray()));
        var (status, created) = await UploadAsync(owner, id, docx, "Tender specification.pdf");
        Assert.Equal(HttpStatusCode.Created, status);
        Assert.Equal("Tender specification.docx", created.Str("fileName"));
        var odt = Zip(("mimetype", "application/vnd.oasis.opendocument.text"u8.ToArray()), ("content.xml", "<office:document-content/>"u8.ToArray()));
        Assert.Equal("report.odt", (await UploadAsync(owner, id, odt, "report")).Body.Str("fileName"));
        var png = new byte[] { 0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0, 0, 0, 13 };
        Assert.Equal("chart.png", (await UploadAsync(owner, id, png, "chart.png")).Body.Str("fileName"));
    }

    public static TheoryData<string, string> Refused => new()
    {
        { "a 20 MB upload", "too-big" },
        { "an executable renamed .pdf", "exe" },
        { "a zip bomb disguised as .docx", "bomb" },
        { "a zip that is no office document", "zip" },
        { "plain text", "text" },
        { "a document with macros", "macro" },
        { "an empty file", "empty" },
    };

    [Theory]
    [MemberData(nameof(Refused))]
    public async Task Bad_files_are_refused_with_a_reason_and_leave_nothing_behind(string why, string kind)
    {
        using var owner = await App.JoinAsAsync(Persona.Buyer);
        var id = await owner.ProposeAsync(Body());
        var directory = App.Services.GetRequiredService<CaseFiles>().Directory;
        Directory.CreateDirectory(directory);
        var before = Directory.GetFiles(directory).Length;
        var (bytes, name) = kind switch
        {
            "too-big" => (Pdf.Concat(new byte[20 * 1024 * 1024]).ToArray(), "big.pdf"),
            "exe" => (Encoding.ASCII.GetBytes("MZ\u0090\0\u0003\0\0\0This program cannot be run in DOS mode.").Concat(new byte[512]).ToArray(), "invoice.pdf"),
            "bomb" => (Zip(("[Content_Types].xml", "<Types/>"u8.ToArray()), ("word/document.xml", new byte[30 * 1024 * 1024])), "tender.docx"),
            "zip" => (Zip(("readme.txt", "hello"u8.ToArray())), "archive.docx"),
            "text" => ("just some words"u8.ToArray(), "notes.pdf"),
            "macro" => (Zip(("[Content_Types].xml", "<Types/>"u8.ToArray()), ("word/document.xml", "<w:document/>"u8.ToArray()), ("word/vbaProject.bin", new byte[64])), "tender.docx"),
            _ => ([], "nothing.pdf"),
        };
        var (status, problem) = await UploadAsync(owner, id, bytes, name);
        Assert.True(status == HttpStatusCode.BadRequest, $"{why}: expected 400, got {(int)status}");
        Assert.Contains("file", problem.ErrorFields());
        Assert.False(string.IsNullOrWhiteSpace(problem.GetProperty("errors").GetProperty("file")[0].GetString()));
        Assert.Equal(before, Directory.GetFiles(directory).Length);
        Assert.Empty((await owner.Http.GetJsonAsync($"/api/v1/cases/{id}")).GetProperty("attachments").EnumerateArray());
    }
}

/// <summary>Uploads over a real Kestrel, where the app's 1 MB body limit applies everywhere else.</summary>
public sealed class CaseUploadOverKestrelTests : IAsyncLifetime
{
    private CommunityAppFactory _app = null!;

    public async Task InitializeAsync()
    {
        _app = new CommunityAppFactory(await MailCatcher.SharedAsync(), new CommunityAppOptions { Kestrel = true });
        _ = _app.ServerAddress;
    }

    public async Task DisposeAsync() => await _app.DisposeAsync();

    [Fact]
    public async Task An_eight_megabyte_pdf_is_accepted_a_twenty_megabyte_one_is_refused_clearly_and_a_broken_form_is_a_400()
    {
        using var owner = await _app.JoinAsAsync(Persona.Buyer);
        var id = await owner.ProposeAsync(Body());
        async Task<(HttpStatusCode, string)> SendAsync(HttpContent content)
        {
            // As curl and browsers do for large bodies: the server may refuse before the body is sent.
            using var request = new HttpRequestMessage(HttpMethod.Post, $"/api/v1/cases/{id}/attachments") { Content = content };
            request.Headers.ExpectContinue = true;
            using var response = await owner.Http.SendAsync(request);
            return (response.StatusCode, await response.Content.ReadAsStringAsync());
        }
        MultipartFormDataContent Form(byte[] bytes)
        {
            var form = new MultipartFormDataContent();
            form.Add(new ByteArrayContent(bytes), "file", "report.pdf");
            return form;
        }
        var eight = "%PDF-1.7\n"u8.ToArray().Concat(new byte[8 * 1024 * 1024]).ToArray();
        using (var form = Form(eight)) Assert.Equal(HttpStatusCode.Created, (await SendAsync(form)).Item1);
        using (var form = Form(new byte[20 * 1024 * 1024]))
        {
            var (status, body) = await SendAsync(form);
            Assert.Equal(HttpStatusCode.BadRequest, status);
            Assert.Contains("at most 10 MB", body);
        }
        using (var broken = new StringContent("--x\r\nContent-Disposition: form-data; name=\"file\"; filename=\"a.pdf\"\r\n\r\n%PDF-", Encoding.UTF8))
        {
            broken.Headers.ContentType = MediaTypeHeaderValue.Parse("multipart/form-data; boundary=x");
            Assert.Equal(HttpStatusCode.BadRequest, (await SendAsync(broken)).Item1);
        }
        Assert.Single((await owner.Http.GetJsonAsync($"/api/v1/cases/{id}")).GetProperty("attachments").EnumerateArray());
    }
}
