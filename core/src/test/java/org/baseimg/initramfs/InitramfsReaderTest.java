package org.baseimg.initramfs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URISyntaxException;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class InitramfsReaderTest {

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
}
