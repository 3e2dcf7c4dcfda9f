package org.baseimg.builder.internal.host;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
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

  /**
   * A directory of the image on the host, resolved as the image sees it and made if missing: for
   * mount points, which {@code mount} would otherwise follow through a symlink out of the tree.
   */
  public Path directory(ImagePath path) throws IOException {
    Path directory = TreePaths.resolve(tree.toRealPath(), path, true);
    Files.createDirectories(directory);
    return directory;
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
    Path mountPoint;
    try {
      mountPoint = directory(ImagePath.of("/" + at));
    } catch (IOException e) {
      throw new BaseimgException("cannot create /" + at + " in the image: " + e.getMessage(), e);
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

  /**
   * Where {@code path} is in the tree, resolved as the image sees it (see {@link TreePaths}), so
   * that no write, read or delete reaches the host through a symlink in the tree.
   */
  private Path host(ImagePath path, boolean followLast) throws IOException {
    Path realTree = tree.toRealPath();
    Path resolved = TreePaths.resolve(realTree, path, followLast);
    if (resolved.equals(realTree)) {
      throw new IOException(path + " is the image's root directory, not a file");
    }
    return resolved;
  }

  /** Makes the missing directories of a resolved path; none of them can be a symlink. */
  private static void createParents(Path file) throws IOException {
    Files.createDirectories(file.getParent());
  }

  @Override
  public void write(ImagePath path, byte[] content, int mode) throws IOException {
    // A symlink at the path itself is replaced, as the Docker target's rm + mv does.
    Path file = host(path, false);
    createParents(file);
    Files.deleteIfExists(file);
    Files.write(file, content, StandardOpenOption.CREATE_NEW, LinkOption.NOFOLLOW_LINKS);
    Files.setAttribute(file, "unix:mode", mode, LinkOption.NOFOLLOW_LINKS);
  }

  @Override
  public void copyIn(Path hostFile, ImagePath path, int mode) throws IOException {
    Path file = host(path, false);
    createParents(file);
    Files.deleteIfExists(file);
    Files.copy(hostFile, file);
    Files.setAttribute(file, "unix:mode", mode, LinkOption.NOFOLLOW_LINKS);
  }

  @Override
  public Optional<byte[]> read(ImagePath path) throws IOException {
    try {
      Path file = host(path, true);
      if (Files.isSymbolicLink(file)) {
        return Optional.empty(); // a dangling link: nothing to read, as for a missing file
      }
      return Optional.of(Files.readAllBytes(file));
    } catch (NoSuchFileException e) {
      return Optional.empty();
    }
  }

  @Override
  public void delete(ImagePath path) throws IOException {
    Path file = host(path, false);
    if (Files.exists(file, LinkOption.NOFOLLOW_LINKS)) {
      Files.delete(file);
    }
  }

  @Override
  public RootfsSource rootfs() {
    return RootfsSource.directory(tree);
  }
}
