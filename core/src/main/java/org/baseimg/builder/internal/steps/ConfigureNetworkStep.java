package org.baseimg.builder.internal.steps;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import org.baseimg.builder.internal.BuildState;
import org.baseimg.builder.internal.BuildStep;
import org.baseimg.fs.ImagePath;
import org.baseimg.image.ImageSpec;
import org.baseimg.internal.ShellScript;

/**
 * The network at boot, for {@code network: dhcp}: dhcpcd (installed with the packages) for every
 * interface, run by the built-in init from {@code /etc/baseimg/boot.d} before the agent's script,
 * so that the agent finds its master. An image with systemd brings its network up itself.
 */
public final class ConfigureNetworkStep implements BuildStep {
  /** The package that brings interfaces up with DHCP. */
  static final String DHCP_CLIENT = "dhcpcd-base";

  private static final ShellScript NETWORK =
      ShellScript.of(ConfigureNetworkStep.class, "network-dhcp.sh");
  private static final ImagePath BOOT_SCRIPT = ImagePath.of("/etc/baseimg/boot.d/20-network");

  private final ImageSpec spec;

  public ConfigureNetworkStep(ImageSpec spec) {
    this.spec = spec;
  }

  @Override
  public String name() {
    return "configure network (dhcp)";
  }

  @Override
  public void run(BuildState state) throws IOException {
    if (spec.init() instanceof ImageSpec.InitSpec.Builtin) {
      state.target().write(BOOT_SCRIPT, NETWORK.text().getBytes(StandardCharsets.UTF_8), 0755);
    }
  }
}
