package org.baseimg.builder.internal.host;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.baseimg.fs.ImagePath;
import org.baseimg.internal.Cleanup;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The host target writes only inside the tree. Absolute links point at {@code outside}, a host
 * directory beside the tree, so that a regression lands there and not in the real /run.
 */
class HostTargetTest {
  @TempDir Path base;
  private Path tree;
  private Path outside;
  private HostTarget target;

  @BeforeEach
  void setUp() throws IOException {
    tree = Files.createDirectories(base.resolve("tree"));
    outside = Files.createDirectories(base.resolve("outside"));
    Files.createDirectories(tree.resolve("var"));
    Files.createDirectories(tree.resolve("etc"));
    target = new HostTarget(tree, Map.of(), new Cleanup(problem -> {}));
  }

  private static byte[] bytes(String text) {
    return text.getBytes(StandardCharsets.UTF_8);
  }

  @Test
  void write_missingParentsBehindAbsoluteLink_areCreatedInsideTheTree() throws IOException {
    // As in Debian: /var/run -> /run, here /var/run -> <outside> (absolute).
    Files.createSymbolicLink(tree.resolve("var/run"), outside);

    target.write(ImagePath.of("/var/run/newdir/x.txt"), bytes("x"), 0644);

    assertThat(outside).isEmptyDirectory();
    Path expected = tree.resolve(outside.toString().substring(1)).resolve("newdir/x.txt");
    assertThat(expected).hasContent("x");
  }

  @Test
  void copyIn_missingParentsBehindAbsoluteLink_areCreatedInsideTheTree() throws IOException {
    Files.createSymbolicLink(tree.resolve("var/run"), outside);
    Path source = Files.writeString(base.resolve("source.txt"), "from host");

    target.copyIn(source, ImagePath.of("/var/run/newdir/x.txt"), 0600);

    assertThat(outside).isEmptyDirectory();
    assertThat(tree.resolve(outside.toString().substring(1)).resolve("newdir/x.txt"))
        .hasContent("from host");
  }

  @Test
  void write_existingParentBehindAbsoluteLink_isReRootedAtTheTree() throws IOException {
    Files.createSymbolicLink(tree.resolve("var/run"), outside);
    Files.createDirectories(tree.resolve(outside.toString().substring(1)));

    target.write(ImagePath.of("/var/run/x.txt"), bytes("x"), 0644);

    assertThat(outside).isEmptyDirectory();
    assertThat(tree.resolve(outside.toString().substring(1)).resolve("x.txt")).hasContent("x");
  }

  @Test
  void write_relativeLinkClimbingAboveTheRoot_staysAtTheRoot() throws IOException {
    Files.createSymbolicLink(tree.resolve("etc/up"), Path.of("../../../../.."));

    target.write(ImagePath.of("/etc/up/escape.txt"), bytes("x"), 0644);

    assertThat(base.resolve("escape.txt")).doesNotExist();
    assertThat(tree.resolve("escape.txt")).hasContent("x");
  }

  @Test
  void write_symlinkAtTheDestination_isReplacedNotFollowed() throws IOException {
    Path victim = Files.writeString(outside.resolve("victim"), "host");
    Files.createSymbolicLink(tree.resolve("etc/passwd"), victim);

    target.write(ImagePath.of("/etc/passwd"), bytes("image"), 0644);

    assertThat(victim).hasContent("host");
    assertThat(tree.resolve("etc/passwd")).isRegularFile().hasContent("image");
  }

  @Test
  void read_absoluteLinkToAHostFile_readsTheTreesFileInstead() throws IOException {
    Files.writeString(outside.resolve("secret"), "host secret");
    Files.createSymbolicLink(tree.resolve("etc/secret"), outside.resolve("secret"));

    assertThat(target.read(ImagePath.of("/etc/secret"))).isEmpty();

    Path inTree = tree.resolve(outside.toString().substring(1)).resolve("secret");
    Files.createDirectories(inTree.getParent());
    Files.writeString(inTree, "image file");
    assertThat(target.read(ImagePath.of("/etc/secret"))).hasValue(bytes("image file"));
  }

  @Test
  void delete_throughAbsoluteLinkedParent_leavesTheHostAlone() throws IOException {
    Path victim = Files.writeString(outside.resolve("victim"), "host");
    Files.createSymbolicLink(tree.resolve("var/run"), outside);

    target.delete(ImagePath.of("/var/run/victim"));

    assertThat(victim).hasContent("host");
  }

  @Test
  void write_linkLoop_isRefused() throws IOException {
    Files.createSymbolicLink(tree.resolve("etc/a"), Path.of("b"));
    Files.createSymbolicLink(tree.resolve("etc/b"), Path.of("/etc/a"));

    assertThatThrownBy(() -> target.write(ImagePath.of("/etc/a/x"), bytes("x"), 0644))
        .isInstanceOf(IOException.class)
        .hasMessageContaining("too many levels of symbolic links");
  }

  @Test
  void copyIn_toTheRoot_isRefused() {
    assertThatThrownBy(() -> target.copyIn(tree, ImagePath.ROOT, 0644))
        .isInstanceOf(IOException.class)
        .hasMessageContaining("root directory");
  }

  @Test
  void directory_mountPointBehindAbsoluteLink_isMadeInsideTheTree() throws IOException {
    Files.createSymbolicLink(tree.resolve("var/cache"), outside);

    Path directory = target.directory(ImagePath.of("/var/cache/apt/archives"));

    assertThat(outside).isEmptyDirectory();
    assertThat(directory).isDirectory().startsWith(tree.toRealPath());
  }
}
