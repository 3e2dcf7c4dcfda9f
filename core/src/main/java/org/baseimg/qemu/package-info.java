/**
 * Boot tests in QEMU's system emulator: {@link org.baseimg.qemu.QemuBoot} boots a kernel with an
 * initramfs and reads the serial console until the marker that {@code /init} prints.
 *
 * <pre>{@code
 * QemuBoot.create("arm64", events).boot(kernel.image(), initramfs).requireMarker();
 * }</pre>
 *
 * <p>The {@code internal} package is not part of the API.
 */
package org.baseimg.qemu;
