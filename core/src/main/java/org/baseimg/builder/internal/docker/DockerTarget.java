package org.baseimg.builder.internal.docker;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import org.baseimg.BaseimgException;
import org.baseimg.builder.internal.Target;
import org.baseimg.event.EventListener;
import org.baseimg.fs.ImagePath;
import org.baseimg.initramfs.RootfsSource;
import org.baseimg.internal.Processes;
import org.baseimg.internal.ShellScript;

/**
 * The image as a directory in a build container, entered with chroot inside it. Files go in through
 * the archive API into the tree's {@code /tmp} and are moved into place from inside the chroot, and
 * reads and deletes run there too, so that symlinks in the tree resolve as the image sees them (the
 * archive API would resolve them against the container's own root). The finished tree comes out as
 * a tar stream that goes straight to the packer.
 */
final class DockerTarget implements Target {
  /** Where the tree lives in the container. */
  static final String TREE = "/rootfs";

  private static final String STAGING = TREE + "/tmp";
  private static final ShellScript MOUNT = ShellScript.of(DockerTarget.class, "mount-chroot.sh");
  private static final ShellScript UNMOUNT =
      ShellScript.of(DockerTarget.class, "unmount-chroot.sh");

  private final BuildContainer container;
  private final Map<String, String> environment;
  private final AtomicInteger staged = new AtomicInteger();
  private boolean mounted;

  /**
   * @param environment the variables commands in the image get, and no others
   */
  DockerTarget(BuildContainer container, Map<String, String> environment) {
    this.container = container;
    this.environment = Map.copyOf(environment);
  }

  /** {@code env -i VARIABLE=value ...}: the command's environment and nothing else. */
  List<String> withOnlyEnvironment(List<String> command) {
    List<String> full = new ArrayList<>(List.of("env", "-i"));
    environment.entrySet().stream()
        .sorted(Map.Entry.comparingByKey())
        .forEach(variable -> full.add(variable.getKey() + "=" + variable.getValue()));
    full.addAll(command);
    return full;
  }

  /** Mounts what commands in the chroot need, as a host build does. */
  void mount(EventListener events) throws BaseimgException, InterruptedException {
    if (mounted) {
      return;
    }
    mounted = true;
    Processes.requireSuccess(
        "mount in the build container",
        MOUNT.command(TREE),
        container.exec("mount", MOUNT.command(TREE), events));
  }

  /** Unmounts everything below the tree, deepest first. */
  void unmount(EventListener events) throws BaseimgException, InterruptedException {
    if (!mounted) {
      return;
    }
    Processes.requireSuccess(
        "unmount in the build container",
        UNMOUNT.command(TREE),
        container.exec("unmount", UNMOUNT.command(TREE), events));
    mounted = false;
  }

  @Override
  public Processes.Result run(String label, List<String> command, EventListener events)
      throws BaseimgException, InterruptedException {
    mount(events);
    List<String> chroot = new ArrayList<>(List.of("chroot", TREE));
    chroot.addAll(command);
    return Processes.requireSuccess(
        label, command, container.exec(label, withOnlyEnvironment(chroot), events));
  }

  /**
   * Runs a small script in the chroot with positional arguments and no output events, for the file
   * operations: a failing engine or an interrupt becomes an {@link IOException} (the interrupt flag
   * stays set).
   *
   * @param stdout where standard output goes; null to keep it as lines in the result
   */
  private Processes.Result inTree(
      String what, String script, OutputStream stdout, String... arguments) throws IOException {
    List<String> command = new ArrayList<>(List.of("chroot", TREE, "/bin/sh", "-c", script, "sh"));
    command.addAll(List.of(arguments));
    try {
      return container.exec(what, withOnlyEnvironment(command), EventListener.NONE, stdout);
    } catch (BaseimgException e) {
      throw new IOException(e.getMessage(), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException(what + " was interrupted", e);
    }
  }

  private static void require(Processes.Result result, String what) throws IOException {
    if (result.exitCode() != 0) {
      throw new IOException("cannot " + what + " in the image: " + result.text());
    }
  }

  @Override
  public void write(ImagePath path, byte[] content, int mode) throws IOException {
    String name = "baseimg-in-" + staged.incrementAndGet();
    Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
    try {
      container.put(STAGING, TarStreams.singleFile(name, content, mode, now));
    } catch (BaseimgException e) {
      throw new IOException(e.getMessage(), e);
    }
    // As on the host: the parent directories made as needed, what was there replaced.
    require(
        inTree(
            "write " + path,
            "mkdir -p \"$(dirname \"$1\")\" && rm -f \"$1\" && mv \"$2\" \"$1\"",
            null,
            path.toString(),
            "/tmp/" + name),
        "write " + path);
  }

  @Override
  public void copyIn(Path hostFile, ImagePath path, int mode) throws IOException {
    // Overlay files and keys are small: read whole, like write.
    write(path, Files.readAllBytes(hostFile), mode);
  }

  @Override
  public Optional<byte[]> read(ImagePath path) throws IOException {
    ByteArrayOutputStream content = new ByteArrayOutputStream();
    Processes.Result result =
        inTree(
            "read " + path,
            "if [ -e \"$1\" ]; then exec cat \"$1\"; else exit 3; fi",
            content,
            path.toString());
    if (result.exitCode() == 3) {
      return Optional.empty();
    }
    require(result, "read " + path);
    return Optional.of(content.toByteArray());
  }

  @Override
  public void delete(ImagePath path) throws IOException {
    require(
        inTree(
            "delete " + path,
            "if [ -d \"$1\" ] && [ ! -L \"$1\" ]; then rmdir \"$1\"; else rm -f \"$1\"; fi",
            null,
            path.toString()),
        "delete " + path);
  }

  /**
   * The tree as the engine streams it: nothing is extracted on this host. The stream is asked for
   * when the packer first reads it, so that a failure shows as the packer's I/O error.
   */
  @Override
  public RootfsSource rootfs() {
    InputStream archive =
        new InputStream() {
          private InputStream in;

          private InputStream in() throws IOException {
            if (in == null) {
              try {
                in = container.archive(TREE + "/.");
              } catch (BaseimgException e) {
                throw new IOException(e.getMessage(), e);
              }
            }
            return in;
          }

          @Override
          public int read() throws IOException {
            return in().read();
          }

          @Override
          public int read(byte[] buffer, int offset, int length) throws IOException {
            return in().read(buffer, offset, length);
          }

          @Override
          public void close() throws IOException {
            if (in != null) {
              in.close();
            }
          }
        };
    return RootfsSource.tar(
        archive, "from container " + BuildContainer.shortId(container.id()) + ":" + TREE);
  }
}
