package org.elasticsearch.node;

import org.elasticsearch.common.settings.Settings;
import org.elasticsearch.env.Environment;
import org.elasticsearch.plugins.ClasspathPluginsService;
import org.elasticsearch.plugins.Plugin;
import org.elasticsearch.plugins.PluginsService;

import java.util.Collection;

/**
 * A Node whose modules come from the classpath. Node's only public constructor loads modules from ES_HOME/modules;
 * the hook to supply another PluginsService (NodeServiceProvider) is package-private, hence this package.
 */
public class ClasspathNode extends Node {
    public ClasspathNode(Environment environment, Collection<Class<? extends Plugin>> modules) {
        super(NodeConstruction.prepareConstruction(environment, new NodeServiceProvider() {
            @Override
            PluginsService newPluginService(Environment env, Settings settings) {
                return new ClasspathPluginsService(settings, env, modules);
            }
        }, true));
    }
}
