package org.baseimg.profiles;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.baseimg.initramfs.Compression;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Profiles written to break the loader (issue 14): each is refused with one problem naming the
 * file, line and key, or read as YAML 1.2 says.
 */
class HostileProfilesTest {
  @TempDir Path directory;

  private Path profile(String name, String yaml) throws Exception {
    Path file = directory.resolve(name);
    Files.writeString(file, yaml, StandardCharsets.UTF_8);
    return file;
  }

  private static String failure(Path profile) {
    InvalidProfileException e =
        catchThrowableOfType(
            InvalidProfileException.class, () -> Profiles.resolve(profile.toString()));
    assertThat(e).as("%s must be refused", profile.getFileName()).isNotNull();
    assertThat(e.getMessage()).doesNotContain("Exception", "null");
    return e.getMessage();
  }

  @Test
  void nullValue_removesTheInheritedValue() throws Exception {
    ResolvedProfile resolved =
        Profiles.resolve(
            profile("p.yaml", "extends: edge\ndescription: null\nagent: null\n").toString());
    assertThat(resolved.spec().description()).isEmpty();
    assertThat(resolved.spec().agent()).isEmpty();
  }

  @Test
  void nullValueInsideAMapping_removesTheInheritedKeyOnly() throws Exception {
    ResolvedProfile resolved =
        Profiles.resolve(
            profile("p.yaml", "extends: base\noutput:\n  compression: xz\n  level: null\n")
                .toString());
    assertThat(resolved.spec().output().compression().format()).isEqualTo(Compression.Format.XZ);
  }

  @Test
  void filesSourceThatIsADirectory_isRefused() throws Exception {
    Files.createDirectory(directory.resolve("dir"));
    assertThat(
            failure(
                profile(
                    "p.yaml", "extends: base\nfiles:\n  - source: dir\n    destination: /etc/x\n")))
        .contains("p.yaml:3:13: files[0].source: ")
        .contains("dir is a directory; a files: entry copies one regular file");
  }

  @Test
  void filesSourceThatIsDevZero_isRefused() throws Exception {
    assertThat(
            failure(
                profile(
                    "p.yaml",
                    "extends: base\nfiles:\n  - source: /dev/zero\n    destination: /etc/x\n")))
        .contains("files[0].source: /dev/zero is a character device");
  }

  @Test
  void filesSourceThatIsAFifo_isRefused() throws Exception {
    Path fifo = directory.resolve("fifo");
    Process mkfifo = new ProcessBuilder("mkfifo", fifo.toString()).inheritIO().start();
    assertThat(mkfifo.waitFor()).as("mkfifo").isZero();
    assertThat(
            failure(
                profile(
                    "p.yaml",
                    "extends: base\nfiles:\n  - source: fifo\n    destination: /etc/x\n")))
        .contains("fifo is a FIFO");
  }

  @Test
  void filesDestinationThatIsTheRoot_isRefused() throws Exception {
    Files.writeString(directory.resolve("motd"), "hi\n");
    assertThat(
            failure(
                profile("p.yaml", "extends: base\nfiles:\n  - source: motd\n    destination: /\n")))
        .contains("p.yaml:4:18: files[0].destination: is the image's root");
  }

  @Test
  void levelOfTwoToTheSixtyThird_isOutOfRange() throws Exception {
    assertThat(
            failure(
                profile(
                    "p.yaml",
                    "extends: base\noutput:\n  compression: zstd\n  level: 9223372036854775808\n")))
        .endsWith("p.yaml:4:10: output.level: 9223372036854775808 is out of range 0..22");
  }

  @Test
  void levelOfAHundredDigits_isOutOfRangeAndShortened() throws Exception {
    assertThat(
            failure(
                profile(
                    "p.yaml",
                    "extends: base\noutput:\n  compression: zstd\n  level: "
                        + "9".repeat(100)
                        + "\n")))
        .endsWith("output.level: " + "9".repeat(27) + "... is out of range 0..22");
  }

  @Test
  void fileLargerThanTheLimit_isRefusedBeforeItIsRead() throws Exception {
    Path huge = directory.resolve("huge.yaml");
    try (RandomAccessFile sparse = new RandomAccessFile(huge.toFile(), "rw")) {
      sparse.setLength(3L << 30);
    }
    assertThat(failure(huge)).contains("is larger than 1024 KiB; a profile is a short YAML file");
  }

  @Test
  void scalarOfFiftyMegabytes_isRefusedBySize() throws Exception {
    Path big = profile("big.yaml", "extends: base\ndescription: " + "a".repeat(50_000_000) + "\n");
    assertThat(failure(big)).contains("is larger than 1024 KiB");
  }

  @Test
  void utf16WithByteOrderMark_isRead() throws Exception {
    Path file = directory.resolve("utf16.yaml");
    Files.write(
        file, "\uFEFFextends: base\ndescription: caf\u00e9\n".getBytes(StandardCharsets.UTF_16LE));
    assertThat(Profiles.resolve(file.toString()).spec().description()).isEqualTo("caf\u00e9");
  }

  @Test
  void utf16BigEndianWithoutByteOrderMark_isRecognisedByItsZeroBytes() throws Exception {
    Path file = directory.resolve("utf16be.yaml");
    Files.write(file, "extends: base\ndescription: x\n".getBytes(StandardCharsets.UTF_16BE));
    assertThat(Profiles.resolve(file.toString()).spec().description()).isEqualTo("x");
  }

  @Test
  void bytesThatAreNotUtf8_areRefused() throws Exception {
    Path file = directory.resolve("latin1.yaml");
    Files.write(
        file, "extends: base\ndescription: caf\u00e9\n".getBytes(StandardCharsets.ISO_8859_1));
    assertThat(failure(file)).contains("is not valid UTF-8 text");
  }

  @Test
  void alias_standsForItsAnchorsValue() throws Exception {
    ResolvedProfile resolved =
        Profiles.resolve(
            profile("p.yaml", "extends: base\nname: &n hello\ndescription: *n\n").toString());
    assertThat(resolved.spec().description()).isEqualTo("hello");
  }

  @Test
  void aliasOfAList_standsForTheWholeList() throws Exception {
    ResolvedProfile resolved =
        Profiles.resolve(
            profile("p.yaml", "extends: base\ncomponents: &c [main, contrib]\npackages: *c\n")
                .toString());
    assertThat(resolved.spec().packages()).containsExactly("main", "contrib");
  }

  @Test
  void undefinedAlias_isAnError() throws Exception {
    assertThat(failure(profile("p.yaml", "extends: base\ndescription: *nope\n")))
        .contains("p.yaml:2:14: uses the alias *nope before any &nope anchor");
  }

  @Test
  void billionLaughs_isRefused() throws Exception {
    StringBuilder yaml =
        new StringBuilder("extends: base\nx: &a0 [x, x, x, x, x, x, x, x, x, x]\n");
    for (int i = 1; i < 10; i++) {
      yaml.append(
          "x" + i + ": &a" + i + " [" + ("*a" + (i - 1) + ", ").repeat(9) + "*a" + (i - 1) + "]\n");
    }
    assertThat(failure(profile("p.yaml", yaml.toString())))
        .contains("expands to more than 100000 values through its aliases");
  }
}
