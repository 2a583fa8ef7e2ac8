package org.elasticsearch.plugins;

import org.elasticsearch.Build;
import org.elasticsearch.action.admin.cluster.node.info.PluginsAndModules;
import org.elasticsearch.common.settings.Settings;
import org.elasticsearch.env.Environment;
import org.elasticsearch.jdk.ModuleQualifiedExportsService;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;

/**
 * A PluginsService whose modules are plugin classes already on the classpath, instead of bundles unpacked under
 * ES_HOME/modules. This is what Elasticsearch's own test framework (MockPluginsService) does; that class can't be used
 * directly because the test framework drags in randomizedtesting, which makes the server believe it runs inside a
 * unit test. It lives in this package because PluginsService's loading hooks are package-private.
 */
public class ClasspathPluginsService extends PluginsService {
    private final List<LoadedPlugin> loaded;

    public ClasspathPluginsService(Settings settings, Environment environment, Collection<Class<? extends Plugin>> classes) {
        super(settings, environment.configFile(), environment.modulesFile(), environment.pluginsFile());
        List<LoadedPlugin> plugins = new ArrayList<>();
        for (Class<? extends Plugin> pluginClass : classes) {
            Plugin instance = loadPlugin(pluginClass, settings, environment.configFile());
            PluginDescriptor descriptor = new PluginDescriptor(
                pluginClass.getName(),
                "classpath module",
                "NA",
                Build.current().version(),
                Integer.toString(Runtime.version().feature()),
                pluginClass.getName(),
                null,
                List.of(),
                false,
                false,
                false,
                false
            );
            plugins.add(new LoadedPlugin(descriptor, instance, pluginClass.getClassLoader(), ModuleLayer.boot()));
        }
        loaded = List.copyOf(plugins);
    }

    /** The server runs from the classpath (an unnamed module), so it has no qualified module exports to wire up. */
    @Override
    protected void addServerExportsService(Map<String, List<ModuleQualifiedExportsService>> qualifiedExports) {}

    @Override
    protected final List<LoadedPlugin> plugins() {
        return loaded;
    }

    @Override
    public PluginsAndModules info() {
        return new PluginsAndModules(List.of(), loaded.stream().map(LoadedPlugin::descriptor).toList());
    }
}
