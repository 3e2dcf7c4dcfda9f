/**
 * Looking into built initramfs images: what each package of the image's own dpkg database
 * contributes, and what changed from one image to another.
 *
 * <ul>
 *   <li>{@link org.baseimg.inspect.PackageUsage} — every file and its bytes credited to the package
 *       that owns it, or to none.
 *   <li>{@link org.baseimg.inspect.ImageDiff} — files added, removed and changed, packages added,
 *       removed, upgraded and downgraded, and the sizes of two images.
 * </ul>
 *
 * <pre>{@code
 * PackageUsage usage = PackageUsage.of(Path.of("base-arm64.cpio.zst"));
 * ImageDiff diff = ImageDiff.between(Path.of("base-arm64.cpio.zst"), Path.of("edge-arm64.cpio.zst"));
 * }</pre>
 *
 * <p>Both read each archive once, with {@link
 * org.baseimg.initramfs.InitramfsReader#read(java.nio.file.Path,
 * org.baseimg.initramfs.InitramfsReader.ContentVisitor)}. The {@code internal} package (the scan
 * and the ownership rules) is not part of the API.
 */
package org.baseimg.inspect;
