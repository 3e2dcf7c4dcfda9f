package org.baseimg.builder.internal.steps;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.baseimg.BadInputException;
import org.baseimg.BaseimgException;
import org.baseimg.builder.internal.BuildContext;
import org.baseimg.builder.internal.BuildEnvironment;
import org.baseimg.builder.internal.BuildState;
import org.baseimg.builder.internal.BuildStep;
import org.baseimg.builder.internal.Target;
import org.baseimg.builder.internal.cache.BaseCache;
import org.baseimg.image.ImageSpec;

/**
 * apt-get update and install of the profile's packages, the agent's and the init's, with apt's
 * downloads shared between builds; the tree after it is kept under the layer's key.
 */
public final class InstallPackagesStep implements BuildStep {
  private static final Pattern MISSING_PACKAGE =
      Pattern.compile("E: Unable to locate package (\\S+)");

  private final BuildContext context;
  private final BuildEnvironment environment;
  private final BaseCache.Lookup layer;

  public InstallPackagesStep(
      BuildContext context, BuildEnvironment environment, BaseCache.Lookup layer) {
    this.context = context;
    this.environment = environment;
    this.layer = layer;
  }

  /** Whether the profile asks for anything apt must fetch. */
  public static boolean needed(ImageSpec spec) {
    return !spec.packages().isEmpty()
        || spec.agent().isPresent()
        || needsKmod(spec)
        || spec.network() == ImageSpec.Network.DHCP
        || !spec.repositories().isEmpty()
        || spec.init() instanceof ImageSpec.InitSpec.Systemd;
  }

  /** What apt installs: the profile's packages, the agent's, and systemd for a systemd init. */
  public static List<String> packages(ImageSpec spec) {
    List<String> packages = new ArrayList<>(spec.packages());
    spec.agent().ifPresent(agent -> packages.add(agent.packageName()));
    if (spec.init() instanceof ImageSpec.InitSpec.Systemd) {
      packages.add("systemd-sysv");
    }
    if (spec.network() == ImageSpec.Network.DHCP
        && !packages.contains(ConfigureNetworkStep.DHCP_CLIENT)) {
      packages.add(ConfigureNetworkStep.DHCP_CLIENT);
    }
    if (needsKmod(spec) && !packages.contains("kmod")) {
      packages.add("kmod"); // modprobe and depmod in the image, for the profile's modules
    }
    return packages;
  }

  private static boolean needsKmod(ImageSpec spec) {
    return spec.kernel()
        .filter(kernel -> kernel.from() != ImageSpec.KernelSpec.From.NONE)
        .filter(kernel -> !kernel.modules().isEmpty())
        .isPresent();
  }

  @Override
  public String name() {
    return "install packages";
  }

  @Override
  public void run(BuildState state) throws BaseimgException, InterruptedException, IOException {
    Target target = state.target();
    environment.withAptCache(() -> install(target));
    environment.unmount();
    environment.store(layer);
  }

  private void install(Target target) throws BaseimgException, InterruptedException {
    ImageSpec spec = context.spec();
    try {
      target.run(
          "apt-get update",
          List.of("apt-get", "update", "-o", "APT::Update::Error-Mode=any"),
          context.events());
    } catch (BaseimgException e) {
      throw explainUpdateFailure(e);
    }
    List<String> packages = packages(spec);
    if (packages.isEmpty()) {
      return;
    }
    List<String> install =
        new ArrayList<>(
            List.of("apt-get", "install", "-y", "-q", "-o", "APT::Install-Recommends=false"));
    install.addAll(packages);
    try {
      target.run("apt-get install", install, context.events());
    } catch (BaseimgException e) {
      Matcher missing = MISSING_PACKAGE.matcher(e.getMessage());
      if (missing.find()) {
        throw new BadInputException(
            "package "
                + missing.group(1)
                + " does not exist in "
                + spec.suite()
                + " ("
                + spec.arch().debianName()
                + ") or the profile's repositories",
            e);
      }
      throw e;
    }
  }

  /**
   * apt-get update's first error, in one line: a key that does not match the repository's signature
   * is bad input; a repository that does not answer is a failure.
   */
  private static BaseimgException explainUpdateFailure(BaseimgException e) {
    String error =
        e.getMessage().lines().filter(line -> line.startsWith("E:")).findFirst().orElse(null);
    if (error == null) {
      return e;
    }
    String text = error.substring(2).trim();
    if (text.contains("NO_PUBKEY")
        || text.contains("not signed")
        || text.contains("BADSIG")
        || text.contains("EXPKEYSIG")
        || text.contains("signature")) {
      return new BadInputException(
          "a repository's Release is not signed by the profile's key: "
              + text
              + "; check signed-by",
          e);
    }
    return new BaseimgException("apt-get update failed: " + text, e);
  }
}
