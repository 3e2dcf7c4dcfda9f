package org.baseimg.builder.internal.host;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.baseimg.BaseimgException;
import org.baseimg.builder.internal.Target;
import org.baseimg.event.EventListener;
import org.baseimg.fs.ImagePath;
import org.baseimg.initramfs.RootfsSource;
import org.baseimg.internal.Cleanup;
import org.baseimg.internal.Processes;

/**
 * The image as a directory on the build host, entered with chroot. Foreign binaries run through
 * binfmt_misc (the F flag keeps the emulator outside the tree). /proc, /sys, /dev and /dev/pts are
 * mounted while commands run and always unmounted again, on failure and on Ctrl-C too, through
 * {@link Cleanup}.
 */
public final class HostTarget implements Target {
  private final Path tree;
  private final Map<String, String> environment;
  private final Cleanup cleanup;
  private boolean mounted;

  /**
   * @param environment the variables commands in the image get, and no others
   */
  public HostTarget(Path tree, Map<String, String> environment, Cleanup cleanup) {
    this.tree = tree.toAbsolutePath().normalize();
    this.environment = Map.copyOf(environment);
    this.cleanup = cleanup;
  }

  /** The tree on the host. */
  public Path tree() {
    return tree;
  }

  /** Mounts what commands in the chroot need; undone by {@link #unmount} or the cleanup. */
  public void mount(EventListener events) throws BaseimgException, InterruptedException {
    if (mounted) {
      return;
    }
    cleanup.add("unmount " + tree, () -> Mounts.unmountBelow(tree, EventListener.NONE));
    mounted = true;
    mountOne(events, "proc", List.of("-t", "proc", "proc"), "proc");
    mountOne(events, "sys", List.of("-t", "sysfs", "sysfs"), "sys");
    mountOne(events, "dev", List.of("--bind", "/dev"), "dev");
    mountOne(
        events,
        "dev/pts",
        List.of("-t", "devpts", "-o", "newinstance,ptmxmode=0666", "devpts"),
        "dev/pts");
  }

  private void mountOne(EventListener events, String label, List<String> arguments, String at)
      throws BaseimgException, InterruptedException {
    Path mountPoint = tree.resolve(at);
    try {
      Files.createDirectories(mountPoint);
    } catch (IOException e) {
      throw new BaseimgException("cannot create " + mountPoint + ": " + e.getMessage(), e);
    }
    List<String> command = new ArrayList<>(List.of("mount"));
    command.addAll(arguments);
    command.add(mountPoint.toString());
    Processes.run(Processes.Command.of("mount " + label, command), events);
  }

  /** Unmounts everything below the tree. */
  public void unmount() {
    if (mounted) {
      cleanup.runNow("unmount " + tree);
      mounted = false;
    }
  }

  @Override
  public Processes.Result run(String label, List<String> command, EventListener events)
      throws BaseimgException, InterruptedException {
    mount(events);
    List<String> chroot = new ArrayList<>(List.of("chroot", tree.toString()));
    chroot.addAll(command);
    return Processes.run(
        Processes.Command.of(label, chroot).withOnlyEnvironment(environment), events);
  }

  private Path host(ImagePath path) throws IOException {
    Path resolved = tree.resolve(path.archiveName());
    // Refuse to follow a symlink in the tree out of it (an absolute link means the image's root).
    Path parent = resolved.getParent();
    if (parent != null
        && Files.exists(parent)
        && !parent.toRealPath().startsWith(tree.toRealPath())) {
      throw new IOException(path + " lies behind a symlink that leads out of the image");
    }
    return resolved;
  }

  @Override
  public void write(ImagePath path, byte[] content, int mode) throws IOException {
    Path file = host(path);
    Files.createDirectories(file.getParent());
    Files.deleteIfExists(file);
    Files.write(file, content);
    Files.setAttribute(file, "unix:mode", mode);
  }

  @Override
  public void copyIn(Path hostFile, ImagePath path, int mode) throws IOException {
    Path file = host(path);
    Files.createDirectories(file.getParent());
    Files.copy(hostFile, file, StandardCopyOption.REPLACE_EXISTING);
    Files.setAttribute(file, "unix:mode", mode);
  }

  @Override
  public Optional<byte[]> read(ImagePath path) throws IOException {
    try {
      return Optional.of(Files.readAllBytes(host(path)));
    } catch (NoSuchFileException e) {
      return Optional.empty();
    }
  }

  @Override
  public void delete(ImagePath path) throws IOException {
    Path file = host(path);
    if (Files.exists(file, LinkOption.NOFOLLOW_LINKS)) {
      Files.delete(file);
    }
  }

  @Override
  public RootfsSource rootfs() {
    return RootfsSource.directory(tree);
  }
}
