/**
 * The Debian archive client: where packages come from, a suite's signed index, and packages checked
 * against it.
 *
 * <ul>
 *   <li>{@link org.baseimg.debian.DebianMirror} — given, or read from the host's apt sources (no
 *       mirror host name is written into this project).
 *   <li>{@link org.baseimg.debian.DebianArchive} — a suite's Release checked with {@code gpgv}
 *       against Debian's keyring, its Packages index, and .debs checked against it; cached.
 *   <li>{@link org.baseimg.debian.DebPackage} — a downloaded .deb: its control fields and files.
 *   <li>{@link org.baseimg.debian.DebianKernel} — the stock kernel image of a suite and
 *       architecture (e.g. {@code linux-image-arm64} → {@code linux-image-6.1.0-50-arm64} → {@code
 *       boot/vmlinuz-*}), online or from the cache.
 * </ul>
 *
 * <pre>{@code
 * DebianArchive archive = DebianArchive.create(DebianMirror.fromHost(), cacheDir, events);
 * Kernel kernel = DebianKernel.online(archive).fetch("bookworm", "arm64");
 * }</pre>
 *
 * <p>The {@code internal} package (deb822, Release and Packages files, versions, gpgv, the
 * downloader) is not part of the API.
 */
package org.baseimg.debian;
