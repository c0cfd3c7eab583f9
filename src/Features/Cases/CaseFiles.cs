using System.ComponentModel.DataAnnotations;
using System.IO.Compression;
using System.Security.Cryptography;
using System.Text;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;
using Microsoft.Extensions.Options;
using PracticeCommunity.Data;
using PracticeCommunity.Features.Access;
using PracticeCommunity.Localization;

namespace PracticeCommunity.Features.Cases;

public sealed class CasesOptions
{
    public const string SectionName = "Cases";

    /// <summary>Where case attachments are kept: outside wwwroot, relative to the content root unless absolute.</summary>
    [Required]
    public string FilesDirectory { get; set; } = "data/case-files";
}

/// <summary>A file as it will be downloaded: the stored bytes, the name to save it under and its type.</summary>
public sealed record CaseFileDownload(string Path, string FileName, string ContentType);

/// <summary>
/// Tender documents and reports attached to a case. The type comes from the content, never from the name: PDF, PNG and
/// JPEG by their signatures; DOCX, XLSX and ODT by the parts inside their ZIP container, read from its directory
/// without unpacking (so a zip bomb is refused by its declared sizes, and never inflated). The name is cleaned of
/// paths and control characters and given the extension of the detected type; the bytes are stored under a random
/// name outside wwwroot and served only to those who may see the case.
/// </summary>
public sealed partial class CaseFiles(
    IDbContextFactory<AppDbContext> dbFactory,
    IOptions<CasesOptions> options,
    IHostEnvironment environment,
    TimeProvider time,
    IStringLocalizer<Strings> L,
    ILogger<CaseFiles> logger)
{
    /// <summary>A container whose parts would unpack to more than this is refused.</summary>
    public const long MaxUnpackedBytes = 100L * 1024 * 1024;
    public const int MaxEntries = 2_000;
    /// <summary>Office documents compress text well, but not a thousandfold.</summary>
    public const double MaxRatio = 100;

    private static readonly (string Type, string Extension, string ContentType)[] Types =
    [
        ("PDF", ".pdf", "application/pdf"),
        ("PNG", ".png", "image/png"),
        ("JPEG", ".jpg", "image/jpeg"),
        ("DOCX", ".docx", "application/vnd.openxmlformats-officedocument.wordprocessingml.document"),
        ("XLSX", ".xlsx", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"),
        ("ODT", ".odt", "application/vnd.oasis.opendocument.text"),
    ];

    public string Directory => Path.GetFullPath(Path.Combine(environment.ContentRootPath, options.Value.FilesDirectory));

    public async Task<ServiceResult<AttachmentView>> AttachAsync(Viewer viewer, long caseId, string? fileName, long length, Stream content, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var c = await CaseService.FindVisibleAsync(db, viewer, caseId, ct);
        if (c is null) return ServiceResult<AttachmentView>.NotFound();
        if (!AccessGate.CanEditCase(viewer, c.Status, c.OwnerId)) return ServiceResult<AttachmentView>.Forbidden(L["Only the case owner adds files, while the case is a draft or sent back for changes."]);
        if (length == 0) return ServiceResult<AttachmentView>.Invalid("file", L["The file is empty."]);
        if (length > Limits.AttachmentBytes) return ServiceResult<AttachmentView>.Invalid("file", L["A file can be at most 10 MB (this one is {0:0.#} MB).", length / 1024d / 1024d]);
        if (await db.CaseAttachments.CountAsync(a => a.CaseId == caseId, ct) >= Limits.AttachmentsPerCase)
            return ServiceResult<AttachmentView>.Invalid("file", L["A case can have at most {0} files.", Limits.AttachmentsPerCase]);

        System.IO.Directory.CreateDirectory(Directory);
        var stored = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16));
        var path = Path.Combine(Directory, stored);
        long written;
        await using (var file = new FileStream(path, FileMode.CreateNew, FileAccess.Write, FileShare.None, 81920, useAsync: true))
        {
            written = await CopyAtMostAsync(content, file, Limits.AttachmentBytes + 1, ct);
        }
        try
        {
            if (written > Limits.AttachmentBytes) return ServiceResult<AttachmentView>.Invalid("file", L["A file can be at most 10 MB (this one is {0:0.#} MB).", length / 1024d / 1024d]);
            var (type, why) = Detect(path);
            if (type is null) return ServiceResult<AttachmentView>.Invalid("file", why ?? L["Attach a PDF, DOCX, XLSX, ODT, PNG or JPEG file."]);
            var attachment = new CaseAttachment
            {
                CaseId = caseId, FileName = SafeName(fileName, type.Value.Extension), ContentType = type.Value.ContentType, Size = written,
                StoredName = stored, UploadedById = viewer.MemberId!, UploadedAt = time.GetUtcNow(),
            };
            // Counted again inside the write transaction: two uploads at once cannot pass the limit together.
            await using var tx = await db.Database.BeginTransactionAsync(ct);
            if (await db.CaseAttachments.CountAsync(a => a.CaseId == caseId, ct) >= Limits.AttachmentsPerCase)
                return ServiceResult<AttachmentView>.Invalid("file", L["A case can have at most {0} files.", Limits.AttachmentsPerCase]);
            db.CaseAttachments.Add(attachment);
            await db.SaveChangesAsync(ct);
            await tx.CommitAsync(ct);
            path = "";
            LogAttached(attachment.Id, caseId, type.Value.Type, written);
            return ServiceResult<AttachmentView>.Ok(new AttachmentView(attachment.Id, attachment.FileName, attachment.ContentType, attachment.Size, attachment.UploadedAt,
                CaseDetails.AttachmentUrl(caseId, attachment.Id)));
        }
        finally
        {
            // Anything refused leaves nothing behind.
            if (path.Length > 0) File.Delete(path);
        }
    }

    public async Task<ServiceResult<CaseFileDownload>> OpenAsync(Viewer viewer, long caseId, long attachmentId, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        if (await CaseService.FindVisibleAsync(db, viewer, caseId, ct) is null) return ServiceResult<CaseFileDownload>.NotFound();
        var a = await db.CaseAttachments.AsNoTracking().FirstOrDefaultAsync(x => x.Id == attachmentId && x.CaseId == caseId, ct);
        if (a is null) return ServiceResult<CaseFileDownload>.NotFound();
        var path = Path.Combine(Directory, a.StoredName);
        return File.Exists(path) ? ServiceResult<CaseFileDownload>.Ok(new CaseFileDownload(path, a.FileName, a.ContentType)) : ServiceResult<CaseFileDownload>.NotFound();
    }

    public async Task<ServiceResult<bool>> RemoveAsync(Viewer viewer, long caseId, long attachmentId, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var c = await CaseService.FindVisibleAsync(db, viewer, caseId, ct);
        if (c is null) return ServiceResult<bool>.NotFound();
        if (!AccessGate.CanEditCase(viewer, c.Status, c.OwnerId)) return ServiceResult<bool>.Forbidden(L["Only the case owner removes files, while the case is a draft or sent back for changes."]);
        var a = await db.CaseAttachments.FirstOrDefaultAsync(x => x.Id == attachmentId && x.CaseId == caseId, ct);
        if (a is null) return ServiceResult<bool>.NotFound();
        db.CaseAttachments.Remove(a);
        await db.SaveChangesAsync(ct);
        File.Delete(Path.Combine(Directory, a.StoredName));
        return ServiceResult<bool>.Ok(true);
    }

    /// <summary>The type of the file's content, or why it is refused.</summary>
    private (( string Type, string Extension, string ContentType)? Type, string? Why) Detect(string path)
    {
        Span<byte> head = stackalloc byte[8];
        int read;
        using (var file = File.OpenRead(path)) read = file.ReadAtLeast(head, head.Length, throwOnEndOfStream: false);
        head = head[..read];
        if (head.StartsWith("%PDF-"u8)) return (Types[0], null);
        if (head.StartsWith(new byte[] { 0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A })) return (Types[1], null);
        if (head.StartsWith(new byte[] { 0xFF, 0xD8, 0xFF })) return (Types[2], null);
        if (head.StartsWith("MZ"u8) || head.StartsWith("\u007fELF"u8)) return (null, L["This is a program, not a document: attach a PDF, DOCX, XLSX, ODT, PNG or JPEG file."]);
        if (!head.StartsWith("PK\u0003\u0004"u8)) return (null, null);
        try
        {
            using var zip = ZipFile.OpenRead(path);
            if (zip.Entries.Count > MaxEntries) return (null, L["This document holds too many parts to be a real office file."]);
            long unpacked = 0;
            foreach (var entry in zip.Entries)
            {
                unpacked += entry.Length;
                if (unpacked > MaxUnpackedBytes || (entry.Length > 1024 * 1024 && entry.Length > entry.CompressedLength * MaxRatio))
                    return (null, L["This file would unpack to far more than its size (a \"zip bomb\"), so it is refused."]);
            }
            var names = zip.Entries.Select(e => e.FullName).ToHashSet(StringComparer.Ordinal);
            // Macros and programs ride inside office files; a tender document needs neither.
            if (names.Any(n => n.EndsWith("vbaProject.bin", StringComparison.OrdinalIgnoreCase) || n.EndsWith("vbaData.xml", StringComparison.OrdinalIgnoreCase)
                || Path.GetExtension(n).ToLowerInvariant() is ".exe" or ".dll" or ".js" or ".vbs" or ".bat" or ".cmd" or ".ps1" or ".scr" or ".jar"))
                return (null, L["This document holds macros or programs, so it is refused. Save it without macros (as .docx or .xlsx) and try again."]);
            if (names.Contains("[Content_Types].xml") && names.Contains("word/document.xml")) return (Types[3], null);
            if (names.Contains("[Content_Types].xml") && names.Contains("xl/workbook.xml")) return (Types[4], null);
            if (zip.GetEntry("mimetype") is { Length: < 200 } mimetype)
            {
                using var stream = mimetype.Open();
                var buffer = new byte[200];
                var n = stream.ReadAtLeast(buffer, buffer.Length, throwOnEndOfStream: false);
                if (Encoding.ASCII.GetString(buffer, 0, n).Trim() == "application/vnd.oasis.opendocument.text") return (Types[5], null);
            }
            return (null, null);
        }
        catch (InvalidDataException)
        {
            return (null, L["This file looks like a document but is damaged."]);
        }
    }

    /// <summary>The last segment of the name, without control, invisible or path characters, with the detected type's extension.</summary>
    public static string SafeName(string? fileName, string extension)
    {
        var name = (fileName ?? "").Replace('\\', '/');
        name = name[(name.LastIndexOf('/') + 1)..];
        var dot = name.LastIndexOf('.');
        if (dot > 0) name = name[..dot];
        var clean = new StringBuilder(name.Length);
        foreach (var ch in name.Normalize(NormalizationForm.FormC))
        {
            if (char.IsControl(ch) || TextRules.HasInvisibleOrControl(ch.ToString())) continue;
            clean.Append(char.IsLetterOrDigit(ch) || ch is ' ' or '-' or '_' or '(' or ')' or '.' ? ch : '_');
        }
        var baseName = clean.ToString().Trim(' ', '.', '_');
        if (baseName.Length == 0) baseName = "attachment";
        var max = Limits.FileName - extension.Length;
        return (baseName.Length > max ? baseName[..max] : baseName) + extension;
    }

    private static async Task<long> CopyAtMostAsync(Stream from, Stream to, long max, CancellationToken ct)
    {
        var buffer = new byte[81920];
        long total = 0;
        int n;
        while (total < max && (n = await from.ReadAsync(buffer.AsMemory(0, (int)Math.Min(buffer.Length, max - total)), ct)) > 0)
        {
            await to.WriteAsync(buffer.AsMemory(0, n), ct);
            total += n;
        }
        return total;
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Attachment {AttachmentId} ({Type}, {Bytes} bytes) added to case {CaseId}")]
    private partial void LogAttached(long attachmentId, long caseId, string type, long bytes);
}
