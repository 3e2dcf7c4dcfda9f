package org.baseimg.initramfs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.baseimg.fs.FileType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class InitramfsReaderTest {
  @TempDir Path temp;

  private static Path resource(String name) throws URISyntaxException {
    return Path.of(InitramfsReaderTest.class.getResource("/initramfs/" + name).toURI());
  }

  private static InitramfsListing read(String name) throws Exception {
    return InitramfsReader.read(resource(name));
  }

  @Test
  void read_soundArchive_listsEveryEntryWithoutProblems() throws Exception {
    InitramfsListing listing = read("sound.cpio");
    assertThat(listing.entries())
        .extracting(InitramfsListing.Entry::name)
        .containsExactly(".", "etc", "etc/motd");
    assertThat(listing.segments())
        .singleElement()
        .satisfies(
            segment -> {
              assertThat(segment.compression()).isEqualTo("none");
              assertThat(segment.trailers()).isEqualTo(1);
            });
    assertThat(listing.isSound()).isTrue();
  }

  @Test
  void read_truncatedArchive_failsNamingWhereItWasCut() {
    assertThatThrownBy(() -> read("truncated.cpio"))
        .isInstanceOf(InitramfsFormatException.class)
        .hasMessageContaining("cut off");
  }

  @Test
  void read_duplicateName_isAProblem() throws Exception {
    assertThat(read("duplicate.cpio").problems())
        .containsExactly("etc: appears more than once in one archive");
  }

  @Test
  void read_nonZeroPadding_isAProblem() throws Exception {
    assertThat(read("bad-padding.cpio").problems())
        .containsExactly("etcx: padding holds non-zero bytes");
  }

  @Test
  void read_hardLinkGroupShortOfItsLinkCount_isAProblem() throws Exception {
    assertThat(read("hardlink-mismatch.cpio").problems())
        .containsExactly("a: hard-link group of inode 5 says 3 names but the archive has 2");
  }

  @Test
  void read_hardLinkGroupWithDataTwice_isAProblem() throws Exception {
    assertThat(read("hardlink-data-twice.cpio").problems())
        .containsExactly("a: hard-link group of inode 5 stores its data 2 times");
  }

  @Test
  void read_missingTrailer_isAProblem() throws Exception {
    assertThat(read("no-trailer.cpio").problems())
        .containsExactly("the archive ends without a TRAILER!!! entry");
  }

  @Test
  void read_entryBeforeItsDirectory_isAProblem() throws Exception {
    assertThat(read("orphan.cpio").problems())
        .containsExactly("usr/bin/env: comes before its directory usr/bin");
  }

  @Test
  void read_wrongNewcChecksum_isAProblem() throws Exception {
    assertThat(read("checksum-mismatch.cpio").problems())
        .containsExactly("f: data does not match the header's checksum");
  }

  @Test
  void read_lz4LegacyAsTheKernelReadsIt_listsLikeThePlainArchive() throws Exception {
    InitramfsListing lz4 = read("lz4-legacy.img");
    assertThat(lz4.segments()).singleElement().extracting(s -> s.compression()).isEqualTo("lz4");
    assertThat(lz4.entries()).isEqualTo(read("sound.cpio").entries());
    assertThat(lz4.isSound()).isTrue();
  }

  @Test
  void read_xzWithCrc64_isFlaggedAsUnbootable() throws Exception {
    assertThat(read("xz-crc64.img").problems())
        .singleElement()
        .asString()
        .contains("xz stream uses CRC64")
        .contains("would not boot");
  }

  @Test
  void read_devZero_isRefusedWithinTheFirstBytes() {
    assertThatThrownBy(() -> InitramfsReader.read(java.nio.file.Path.of("/dev/zero")))
        .isInstanceOf(InitramfsFormatException.class)
        .hasMessageContaining("zero bytes at offset 0")
        .hasMessageContaining("not an initramfs");
  }

  @Test
  void read_compressionBaseimgDoesNotRead_isNamed() {
    assertThatThrownBy(() -> read("lz4.img"))
        .isInstanceOf(InitramfsFormatException.class)
        .hasMessageContaining("lz4");
  }

  @Test
  void read_somethingElse_isRejected() {
    assertThatThrownBy(() -> read("garbage.img"))
        .isInstanceOf(InitramfsFormatException.class)
        .hasMessageContaining("unknown data at offset 0");
  }

  @Test
  void read_missingFile_isRejected() {
    assertThatThrownBy(() -> InitramfsReader.read(Path.of("/nonexistent/initrd.img")))
        .isInstanceOf(InitramfsFormatException.class)
        .hasMessageContaining("does not exist");
  }

  @Test
  void read_earlyPlainArchiveThenGzip_walksBothLikeTheKernel() throws Exception {
    InitramfsListing listing = read("early-plus-gzip.img");
    assertThat(listing.segments())
        .extracting(InitramfsListing.Segment::compression)
        .containsExactly("none", "gzip");
    assertThat(listing.entries())
        .extracting(InitramfsListing.Entry::name)
        .contains("kernel/x86/microcode/GenuineIntel.bin", "etc/motd");
    assertThat(listing.isSound()).isTrue();
  }

  @Test
  void read_gzipCutBeforeItsTrailer_failsNamingTheStream() {
    assertThatThrownBy(() -> read("gzip-truncated.img"))
        .isInstanceOf(InitramfsFormatException.class)
        .hasMessageContaining("gzip stream at offset 0 is cut off or corrupt");
  }

  /** Found by ArchiveScannerFuzzTest: the decoder's refusal of the header escaped as exit 1. */
  @Test
  void read_xzStreamHeaderWithWrongCrc_failsNamingTheStream() throws Exception {
    // xz's magic, stream flags (CRC64) and a CRC32 of those flags that does not match them.
    byte[] header = {
      (byte) 0xfd, '7', 'z', 'X', 'Z', 0, 0, 4, (byte) 0xe6, 3, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0
    };
    Path file = Files.write(temp.resolve("xz-header-corrupt.img"), header);

    assertThatThrownBy(() -> InitramfsReader.read(file))
        .isInstanceOf(InitramfsFormatException.class)
        .hasMessageContaining("xz stream at offset 0 is cut off or corrupt");
  }

  /** Found by ArchiveScannerFuzzTest: the lz4 decoder's refusal escaped as exit 1. */
  @Test
  void read_lz4BlockReferringBeforeItsStart_failsNamingTheStream() throws Exception {
    // lz4 legacy magic, a 3-byte block: a token of no literals, then a match at offset 1 of
    // nothing decoded yet.
    byte[] file = {0x02, 0x21, 0x4c, 0x18, 3, 0, 0, 0, 0x0f, 1, 0};
    Path path = Files.write(temp.resolve("lz4-bad-offset.img"), file);

    assertThatThrownBy(() -> InitramfsReader.read(path))
        .isInstanceOf(InitramfsFormatException.class)
        .hasMessageContaining("lz4 stream at offset 0 is cut off or corrupt");
  }

  @Test
  void read_lz4BlockLongerThanTheKernelAllows_failsNamingTheStream() throws Exception {
    byte[] file = {0x02, 0x21, 0x4c, 0x18, (byte) 0xf0, (byte) 0xff, (byte) 0xff, (byte) 0xff};
    Path path = Files.write(temp.resolve("lz4-long-block.img"), file);

    assertThatThrownBy(() -> InitramfsReader.read(path))
        .isInstanceOf(InitramfsFormatException.class)
        .hasMessageContaining("longer than the kernel allows");
  }

  private Path packedSmallTree(Compression compression) throws Exception {
    Path tree = Files.createDirectories(temp.resolve("tree"));
    Packing.smallTree(tree, false, Instant.ofEpochSecond(Packing.EPOCH));
    Path archive = temp.resolve("small.img");
    Packing.pack(RootfsSource.directory(tree), Packing.options(compression), archive);
    return archive;
  }

  @Test
  void read_withContentVisitor_handsEveryRegularFileItsStoredBytes() throws Exception {
    Path archive = packedSmallTree(Compression.of(Compression.Format.GZIP));
    Map<String, String> seen = new LinkedHashMap<>();
    InitramfsListing listing =
        InitramfsReader.read(
            archive,
            (entry, data) ->
                seen.put(entry.name(), new String(data.readAllBytes(), StandardCharsets.UTF_8)));

    assertThat(seen.keySet())
        .containsExactlyElementsOf(
            listing.entries().stream()
                .filter(entry -> entry.mode().type() == FileType.REGULAR)
                .map(InitramfsListing.Entry::name)
                .toList());
    assertThat(seen).containsEntry("etc/hostname", "content of etc/hostname\n");
    assertThat(seen).containsEntry("empty", "");
    // The writer stores a hard-link group's data with its last name, the others with none.
    assertThat(seen.get("usr/bin/tool") + seen.get("usr/bin/tool-hardlink"))
        .isEqualTo("content of usr/bin/tool\n");
    assertThat(listing.isSound()).isTrue();
  }

  @Test
  void read_contentVisitorReadingPart_leavesTheListingAsWithout() throws Exception {
    Path archive = packedSmallTree(Compression.none());
    InitramfsListing partly = InitramfsReader.read(archive, (entry, data) -> data.read());
    assertThat(partly).isEqualTo(InitramfsReader.read(archive));
  }

  @Test
  void read_contentVisitorReadingChecksummedData_stillChecksTheSum() throws Exception {
    ByteArrayOutputStream data = new ByteArrayOutputStream();
    InitramfsListing listing =
        InitramfsReader.read(
            resource("checksum-mismatch.cpio"), (entry, in) -> in.transferTo(data));
    assertThat(data.toString(StandardCharsets.US_ASCII)).isEqualTo("abc");
    assertThat(listing.problems()).containsExactly("f: data does not match the header's checksum");
  }

  @Test
  void read_hardLinkGroups_shareANumberWithinOneArchiveOnly() throws Exception {
    Path once = packedSmallTree(Compression.none());
    byte[] bytes = Files.readAllBytes(once);
    Path twice = temp.resolve("twice.cpio");
    Files.write(twice, bytes);
    Files.write(twice, bytes, java.nio.file.StandardOpenOption.APPEND);

    List<Long> groups = new ArrayList<>();
    for (InitramfsListing.Entry entry : InitramfsReader.read(twice).entries()) {
      if (entry.name().startsWith("usr/bin/tool")) {
        groups.add(entry.hardLinkGroup());
      }
    }
    // Same inode numbers in both archives, but the trailer between them ends the first group.
    assertThat(groups).containsExactly(1L, 1L, 2L, 2L);
  }

  @Test
  void read_contentVisitorFailing_failsTheRead() {
    assertThatThrownBy(
            () ->
                InitramfsReader.read(
                    resource("sound.cpio"),
                    (entry, data) -> {
                      throw new java.io.IOException("no room for " + entry.name());
                    }))
        .hasMessage("no room for etc/motd");
  }
}
