/**
 * Boot tests: Debian's stock kernel and QEMU.
 *
 * <ul>
 *   <li>{@link org.baseimg.boot.DebianMirror} — where packages come from: given, or read from the
 *       host's apt sources (no mirror host name is written into this project).
 *   <li>{@link org.baseimg.boot.DebianArchive} — a suite's signed index, checked with {@code gpgv}
 *       against Debian's keyring, and packages checked against it; cached.
 *   <li>{@link org.baseimg.boot.DebianKernel} — the stock kernel image of a suite and architecture
 *       (e.g. {@code linux-image-arm64} → {@code linux-image-6.1.0-50-arm64} → {@code
 *       boot/vmlinuz-*}), online or from the cache.
 *   <li>{@link org.baseimg.boot.QemuBoot} — boots an initramfs with a kernel and waits for the
 *       marker line that {@code /init} prints.
 * </ul>
 *
 * <pre>{@code
 * DebianArchive archive = DebianArchive.create(DebianMirror.fromHost(), cacheDir, events);
 * Kernel kernel = DebianKernel.online(archive).fetch("bookworm", "arm64");
 * QemuBoot.create("arm64", events).boot(kernel.image(), initramfs).requireMarker();
 * }</pre>
 *
 * <p>The {@code internal} package is not part of the API.
 */
package org.baseimg.boot;
