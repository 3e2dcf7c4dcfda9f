package org.baseimg.initramfs;

import org.baseimg.fs.FileMode;
import org.baseimg.fs.FileType;
import org.baseimg.fs.ImagePath;

/**
 * One file of a root file system as a {@link RootfsSource} hands it to the writer: every field the
 * archive records, set explicitly.
 *
 * @param path where the entry lives in the image
 * @param mode type and all twelve permission bits
 * @param uid numeric owner
 * @param gid numeric group
 * @param mtime modification time, seconds since 1970 (may lie outside what cpio can store: the
 *     writer checks after clamping)
 * @param size content length of a regular file, 0 for everything else
 * @param linkTarget a symlink's target, else {@code null}
 * @param device a device's number, else {@code null}
 * @param hardLink the hard-link group of a regular file with several names in the tree, else {@code
 *     null}
 * @param content a regular file's bytes, else {@code null}
 */
public record RootfsEntry(
    ImagePath path,
    FileMode mode,
    long uid,
    long gid,
    long mtime,
    long size,
    String linkTarget,
    DeviceNumber device,
    HardLinkGroup hardLink,
    Content content) {

  public RootfsEntry {
    if (path == null || mode == null) {
      throw new IllegalArgumentException("path and mode are required");
    }
    FileType type = mode.type();
    if ((type == FileType.SYMLINK) != (linkTarget != null)) {
      throw new IllegalArgumentException(path + ": a link target belongs to symlinks only");
    }
    if (type.isDevice() != (device != null)) {
      throw new IllegalArgumentException(path + ": a device number belongs to devices only");
    }
    if ((type == FileType.REGULAR) != (content != null)) {
      throw new IllegalArgumentException(path + ": content belongs to regular files only");
    }
    if (hardLink != null && type != FileType.REGULAR) {
      throw new IllegalArgumentException(path + ": only regular files are hard-linked");
    }
    if (size < 0 || (type != FileType.REGULAR && size != 0)) {
      throw new IllegalArgumentException(path + ": size " + size + " is invalid for " + type);
    }
  }

  public static RootfsEntry directory(
      ImagePath path, int permissions, long uid, long gid, long mtime) {
    return new RootfsEntry(
        path,
        FileMode.of(FileType.DIRECTORY, permissions),
        uid,
        gid,
        mtime,
        0,
        null,
        null,
        null,
        null);
  }

  public static RootfsEntry regular(
      ImagePath path, int permissions, long uid, long gid, long mtime, long size, Content content) {
    return new RootfsEntry(
        path,
        FileMode.of(FileType.REGULAR, permissions),
        uid,
        gid,
        mtime,
        size,
        null,
        null,
        null,
        content);
  }

  public static RootfsEntry symlink(ImagePath path, String target, long uid, long gid, long mtime) {
    return new RootfsEntry(
        path, FileMode.of(FileType.SYMLINK, 0777), uid, gid, mtime, 0, target, null, null, null);
  }

  public static RootfsEntry device(
      ImagePath path,
      FileType type,
      int permissions,
      long uid,
      long gid,
      long mtime,
      DeviceNumber device) {
    return new RootfsEntry(
        path, FileMode.of(type, permissions), uid, gid, mtime, 0, null, device, null, null);
  }

  /** The same entry at another path. */
  public RootfsEntry withPath(ImagePath newPath) {
    return new RootfsEntry(
        newPath, mode, uid, gid, mtime, size, linkTarget, device, hardLink, content);
  }

  /** The same entry as a member of a hard-link group. */
  public RootfsEntry withHardLink(HardLinkGroup group) {
    return new RootfsEntry(path, mode, uid, gid, mtime, size, linkTarget, device, group, content);
  }

  /**
   * A device number.
   *
   * @param major the driver
   * @param minor the unit
   */
  public record DeviceNumber(long major, long minor) {
    public DeviceNumber {
      if (major < 0 || minor < 0) {
        throw new IllegalArgumentException("negative device number " + major + ":" + minor);
      }
    }

    @Override
    public String toString() {
      return major + ":" + minor;
    }
  }

  /**
   * Names that share one file. Every member carries the same group; the writer gives them one inode
   * and stores the content once.
   *
   * @param id identifies the group within its source
   * @param members how many names the group has in the tree
   */
  public record HardLinkGroup(long id, int members) {
    public HardLinkGroup {
      if (members < 2) {
        throw new IllegalArgumentException("a hard-link group has at least two members");
      }
    }
  }

  /** A regular file's bytes, opened when the writer gets to them. */
  @FunctionalInterface
  public interface Content {
    java.io.InputStream open() throws java.io.IOException;
  }
}
