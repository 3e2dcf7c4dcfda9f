package org.baseimg.builder.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.baseimg.BaseimgException;
import org.baseimg.builder.internal.cache.BaseCache;
import org.baseimg.builder.internal.steps.BootstrapStep;
import org.baseimg.builder.internal.steps.CleanStep;
import org.baseimg.builder.internal.steps.ConfigureAgentStep;
import org.baseimg.builder.internal.steps.ConfigureAptStep;
import org.baseimg.builder.internal.steps.ConfigureNetworkStep;
import org.baseimg.builder.internal.steps.CopyFilesStep;
import org.baseimg.builder.internal.steps.InstallPackagesStep;
import org.baseimg.builder.internal.steps.KernelStep;
import org.baseimg.builder.internal.steps.ModulesStep;
import org.baseimg.builder.internal.steps.PackStep;
import org.baseimg.builder.internal.steps.RestoreStep;
import org.baseimg.builder.internal.steps.WriteManifestStep;
import org.baseimg.image.ImageSpec;

/**
 * The steps of one build, decided before the first runs, so that progress can count them: start
 * from the tree after apt when it is kept, else from the kept bootstrapped tree, else bootstrap;
 * then what the profile adds, cleaning, packing and the manifest.
 *
 * @param steps in the order they run
 * @param baseFromCache whether the bootstrapped tree comes from the cache
 */
public record BuildPlan(List<BuildStep> steps, boolean baseFromCache) {
  public BuildPlan {
    steps = List.copyOf(steps);
  }

  /** Plans a build of {@code context}'s spec in {@code environment} from the kept trees. */
  public static BuildPlan of(
      BuildContext context, BuildEnvironment environment, BaseCache.Lookup base)
      throws BaseimgException, InterruptedException {
    ImageSpec spec = context.spec();
    List<BuildStep> steps = new ArrayList<>(environment.preparation());
    Optional<BaseCache.Lookup> layer =
        InstallPackagesStep.needed(spec)
            ? Optional.of(
                BaseCache.packagesLayer(
                    base,
                    spec,
                    context.mirror(),
                    context.cacheRoot(),
                    InstallPackagesStep.packages(spec)))
            : Optional.empty();
    // The layer is looked for first: a tree fetched from a registry makes the base unneeded.
    boolean layerCached = layer.isPresent() && environment.hasCached(layer.get());
    boolean baseCached = layerCached || environment.hasCached(base);
    if (layerCached) {
      base.markUsed(); // the layer is made from it: pruning keeps it with the layer
      steps.add(new RestoreStep(environment, layer.get(), "copy cached packages"));
    } else {
      steps.add(
          baseCached
              ? new RestoreStep(environment, base, "copy cached base")
              : new BootstrapStep(spec, environment, base));
      steps.add(new ConfigureAptStep(context));
      layer.ifPresent(kept -> steps.add(new InstallPackagesStep(context, environment, kept)));
    }
    if (spec.network() == ImageSpec.Network.DHCP) {
      steps.add(new ConfigureNetworkStep(spec));
    }
    spec.agent().ifPresent(agent -> steps.add(new ConfigureAgentStep(spec, agent)));
    if (!spec.files().isEmpty()) {
      steps.add(new CopyFilesStep(spec, context.events()));
    }
    spec.kernel()
        .filter(kernel -> kernel.from() != ImageSpec.KernelSpec.From.NONE)
        .ifPresent(
            kernel -> {
              steps.add(new KernelStep(context, kernel));
              if (!kernel.modules().isEmpty()) {
                steps.add(new ModulesStep(kernel.modules(), context.events()));
              }
            });
    steps.add(new CleanStep(environment, context.events()));
    steps.add(new PackStep(context));
    steps.add(new WriteManifestStep(context, environment));
    return new BuildPlan(steps, baseCached);
  }
}
