package org.baseimg.build.internal;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import org.baseimg.BaseimgException;
import org.baseimg.event.EventListener;
import org.baseimg.fs.ImagePath;
import org.baseimg.initramfs.RootfsSource;

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
    succeed(
        "mount",
        container.exec(
            "mount",
            List.of(
                "/bin/sh",
                "-ec",
                "cd "
                    + TREE
                    + " && mkdir -p proc sys dev/pts"
                    + " && mount -t proc proc proc && mount -t sysfs sysfs sys"
                    + " && mount --bind /dev dev"
                    + " && mount -t devpts -o newinstance,ptmxmode=0666 devpts dev/pts"),
            events));
  }

  /** Unmounts everything below the tree, deepest first. */
  void unmount(EventListener events) throws BaseimgException, InterruptedException {
    if (!mounted) {
      return;
    }
    succeed(
        "unmount",
        container.exec(
            "unmount",
            List.of(
                "/bin/sh",
                "-ec",
                "awk '$5 == \""
                    + TREE
                    + "\" || index($5, \""
                    + TREE
                    + "/\") == 1 { print $5 }' /proc/self/mountinfo | sort -r"
                    + " | while read -r m; do umount \"$m\" || umount -l \"$m\"; done"),
            events));
    mounted = false;
  }

  private static Processes.Result succeed(String label, Processes.Result result)
      throws BaseimgException {
    if (result.exitCode() != 0) {
      throw new BaseimgException(
          label
              + " in the build container failed (exit "
              + result.exitCode()
              + ")"
              + (result.output().isEmpty() ? "" : ":\n" + result.text()));
    }
    return result;
  }

  @Override
  public Processes.Result run(String label, List<String> command, EventListener events)
      throws BaseimgException, InterruptedException {
    mount(events);
    List<String> chroot = new ArrayList<>(List.of("chroot", TREE));
    chroot.addAll(command);
    Processes.Result result = container.exec(label, withOnlyEnvironment(chroot), events);
    if (result.exitCode() != 0) {
      throw new BaseimgException(
          label
              + " failed (exit "
              + result.exitCode()
              + "): "
              + String.join(" ", command)
              + (result.output().isEmpty() ? "" : "\n" + result.text()));
    }
    return result;
  }

  /** Runs a small script in the chroot with positional arguments, without output events. */
  private Processes.Result inTree(String label, String script, String... arguments)
      throws BaseimgException, InterruptedException {
    List<String> command = new ArrayList<>(List.of("chroot", TREE, "/bin/sh", "-c", script, "sh"));
    command.addAll(List.of(arguments));
    return container.exec(label, withOnlyEnvironment(command), EventListener.NONE);
  }

  @Override
  public void write(ImagePath path, byte[] content, int mode) throws IOException {
    String name = "baseimg-in-" + staged.incrementAndGet();
    try {
      container.put(
          STAGING,
          TarStreams.singleFile(
              name,
              content,
              mode,
              Instant.now().truncatedTo(java.time.temporal.ChronoUnit.SECONDS)));
      // As on the host: the parent directories made as needed, what was there replaced.
      Processes.Result moved =
          inTree(
              "write " + path,
              "mkdir -p \"$(dirname \"$1\")\" && rm -f \"$1\" && mv \"$2\" \"$1\"",
              path.toString(),
              "/tmp/" + name);
      if (moved.exitCode() != 0) {
        throw new IOException("cannot write " + path + " in the image: " + moved.text());
      }
    } catch (BaseimgException e) {
      throw new IOException(e.getMessage(), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted while writing " + path, e);
    }
  }

  @Override
  public void copyIn(java.nio.file.Path hostFile, ImagePath path, int mode) throws IOException {
    // Overlay files and keys are small: read whole, like write.
    write(path, java.nio.file.Files.readAllBytes(hostFile), mode);
  }

  @Override
  public Optional<byte[]> read(ImagePath path) throws IOException {
    ByteArrayOutputStream content = new ByteArrayOutputStream();
    try {
      List<String> command =
          new ArrayList<>(
              List.of(
                  "chroot",
                  TREE,
                  "/bin/sh",
                  "-c",
                  "if [ -e \"$1\" ]; then exec cat \"$1\"; else exit 3; fi",
                  "sh",
                  path.toString()));
      Processes.Result result =
          container.exec("read " + path, withOnlyEnvironment(command), EventListener.NONE, content);
      if (result.exitCode() == 3) {
        return Optional.empty();
      }
      if (result.exitCode() != 0) {
        throw new IOException("cannot read " + path + " in the image: " + result.text());
      }
      return Optional.of(content.toByteArray());
    } catch (BaseimgException e) {
      throw new IOException(e.getMessage(), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted while reading " + path, e);
    }
  }

  @Override
  public void delete(ImagePath path) throws IOException {
    try {
      Processes.Result result =
          inTree(
              "delete " + path,
              "if [ -d \"$1\" ] && [ ! -L \"$1\" ]; then rmdir \"$1\"; else rm -f \"$1\"; fi",
              path.toString());
      if (result.exitCode() != 0) {
        throw new IOException("cannot delete " + path + " in the image: " + result.text());
      }
    } catch (BaseimgException e) {
      throw new IOException(e.getMessage(), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted while deleting " + path, e);
    }
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
