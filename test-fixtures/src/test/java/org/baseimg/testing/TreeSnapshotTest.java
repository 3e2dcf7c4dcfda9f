package org.baseimg.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.util.List;
import org.baseimg.testing.TreeSnapshot.Entry;
import org.baseimg.testing.TreeSnapshot.Type;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Runs without root: only files, directories, symlinks and hard links a user can make. */
class TreeSnapshotTest {
  @TempDir Path temp;

  private Path plainTree(String name) throws IOException {
    Path root = Files.createDirectories(temp.resolve(name));
    Files.createDirectories(root.resolve("a/b"));
    Files.writeString(root.resolve("a/b/file"), "hello");
    Files.createLink(root.resolve("a/link"), root.resolve("a/b/file"));
    Files.createLink(root.resolve("top-link"), root.resolve("a/b/file"));
    Files.createSymbolicLink(root.resolve("sym"), Path.of("a/b"));
    Files.writeString(root.resolve("single"), "");
    Files.setPosixFilePermissions(
        root.resolve("single"), PosixFilePermissions.fromString("rw-r--r--"));
    Files.setPosixFilePermissions(root, PosixFilePermissions.fromString("rwxr-xr-x"));
    return root;
  }

  @Test
  void of_plainTree_recordsTypesContentTargetsAndHardLinkGroups() throws IOException {
    TreeSnapshot snapshot = TreeSnapshot.of(plainTree("t"));

    assertThat(snapshot.entries().keySet())
        .containsExactly(".", "a", "a/b", "a/b/file", "a/link", "single", "sym", "top-link");
    Entry file = snapshot.entries().get("a/b/file");
    assertThat(file.type()).isEqualTo(Type.REGULAR);
    assertThat(file.size()).isEqualTo(5);
    assertThat(file.sha256())
        .isEqualTo("2cf24dba5fb0a30e26e83b2ac5b9e29e1b161e5c1fa7425e73043362938b9824");
    assertThat(file.hardLinks()).containsExactly("a/b/file", "a/link", "top-link");
    assertThat(snapshot.entries().get("top-link")).isEqualTo(file);
    assertThat(snapshot.entries().get("single").hardLinks()).isEmpty();
    Entry sym = snapshot.entries().get("sym");
    assertThat(sym.type()).isEqualTo(Type.SYMLINK);
    assertThat(sym.linkTarget()).isEqualTo("a/b");
    assertThat(sym.permissions()).isZero();
    assertThat(snapshot.entries().get(".").type()).isEqualTo(Type.DIRECTORY);
    assertThat(snapshot.entries().get(".").permissions()).isEqualTo(0755);
  }

  @Test
  void equals_sameTreeBuiltTwice_isEqualAndDiffIsEmpty() throws IOException {
    TreeSnapshot first = TreeSnapshot.of(plainTree("one"));
    TreeSnapshot second = TreeSnapshot.of(plainTree("two"));

    assertThat(first).isEqualTo(second).hasSameHashCodeAs(second);
    assertThat(first.diff(second)).isEmpty();
  }

  @Test
  void equals_differentMtimes_onlyDifferAfterWithMtimes() throws IOException {
    Path one = plainTree("one");
    Path two = plainTree("two");
    Files.setLastModifiedTime(two.resolve("single"), FileTime.from(Instant.ofEpochSecond(1000)));

    TreeSnapshot first = TreeSnapshot.of(one);
    TreeSnapshot second = TreeSnapshot.of(two);

    assertThat(first).isEqualTo(second);
    assertThat(second.mtimes().get("single")).isEqualTo(Instant.ofEpochSecond(1000));
    assertThat(second.withMtimes().entries().get("single").mtime())
        .isEqualTo(Instant.ofEpochSecond(1000));
    assertThat(first.withMtimes().diff(second.withMtimes()))
        .contains("single: mtime expected ")
        .contains("but was 1970-01-01T00:16:40Z");
  }

  @Test
  void diff_changedMissingAndUnexpected_namesPathAndField() throws IOException {
    Path one = plainTree("one");
    Path two = plainTree("two");
    Files.setPosixFilePermissions(
        two.resolve("single"), PosixFilePermissions.fromString("rw-------"));
    Files.delete(two.resolve("sym"));
    Files.delete(two.resolve("top-link"));
    Files.writeString(two.resolve("extra"), "x");

    String diff = TreeSnapshot.of(one).diff(TreeSnapshot.of(two));

    assertThat(diff)
        .startsWith("6 paths differ (expected vs actual):\n")
        .contains("single: permissions expected 0644 but was 0600")
        .contains("sym: missing, expected symlink 0:0 -> a/b")
        .contains("extra: unexpected regular ")
        .contains(
            "a/link: hard links expected [a/b/file, a/link, top-link] but was [a/b/file, a/link]");
  }

  @Test
  void diff_manyDifferences_showsTwentyAndCountsTheRest() throws IOException {
    Path one = Files.createDirectories(temp.resolve("one"));
    Path two = Files.createDirectories(temp.resolve("two"));
    for (int i = 0; i < 25; i++) {
      Files.writeString(one.resolve("f" + i), "x");
    }

    String diff = TreeSnapshot.of(one).diff(TreeSnapshot.of(two));

    assertThat(diff.lines()).hasSize(22);
    assertThat(diff).endsWith("… and 5 more\n");
  }

  @Test
  void without_excludedNames_dropsSubtreesAndShrinksHardLinkGroups() throws IOException {
    TreeSnapshot snapshot = TreeSnapshot.of(plainTree("t")).without("a/b", "top-link");

    assertThat(snapshot.entries().keySet()).containsExactly(".", "a", "a/link", "single", "sym");
    assertThat(snapshot.entries().get("a/link").hardLinks()).isEmpty();

    TreeSnapshot partly = TreeSnapshot.of(plainTree("u")).without(path -> path.equals("a/link"));
    assertThat(partly.entries().get("top-link").hardLinks())
        .containsExactly("a/b/file", "top-link");
  }

  @Test
  void of_symlinkAsRoot_isRejected() throws IOException {
    Path link = Files.createSymbolicLink(temp.resolve("link"), plainTree("t"));

    assertThatThrownBy(() -> TreeSnapshot.of(link))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("not a directory");
  }

  @Test
  void deviceNumbers_linuxDevT_decodeLikeGlibc() {
    // new_encode_dev(): minor low byte, then 12 bits of major, then the rest of the minor.
    assertThat(List.of(TreeSnapshot.major(0x103), TreeSnapshot.minor(0x103))).containsExactly(1, 3);
    assertThat(List.of(TreeSnapshot.major(0x700), TreeSnapshot.minor(0x700))).containsExactly(7, 0);
    assertThat(TreeSnapshot.major(0xfffffffL)).isEqualTo(0xfff);
    assertThat(TreeSnapshot.minor(0xffffffffL)).isEqualTo(0xfffff);
    // glibc's 64-bit makedev(0x12345, 0x6789a): the high halves live above bit 32.
    long rdev =
        ((0x12345L & 0x00000fffL) << 8)
            | ((0x12345L & 0xfffff000L) << 32)
            | (0x6789aL & 0x000000ffL)
            | ((0x6789aL & 0xffffff00L) << 12);
    assertThat(TreeSnapshot.major(rdev)).isEqualTo(0x12345);
    assertThat(TreeSnapshot.minor(rdev)).isEqualTo(0x6789a);
  }

  @Test
  void entry_symlinkWithPermissions_isRejected() {
    assertThatThrownBy(
            () -> new Entry(Type.SYMLINK, 0777, 0, 0, 0, null, "x", 0, 0, List.of(), null))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
