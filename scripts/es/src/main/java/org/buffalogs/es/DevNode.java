package org.buffalogs.es;

import org.elasticsearch.action.admin.cluster.health.ClusterHealthResponse;
import org.elasticsearch.cluster.health.ClusterHealthStatus;
import org.elasticsearch.common.logging.LogConfigurator;
import org.elasticsearch.common.settings.Settings;
import org.elasticsearch.core.TimeValue;
import org.elasticsearch.env.Environment;
import org.elasticsearch.http.HttpServerTransport;
import org.elasticsearch.node.ClasspathNode;
import org.elasticsearch.node.InternalSettingsPreparer;
import org.elasticsearch.node.Node;
import org.elasticsearch.transport.netty4.Netty4Plugin;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * One Elasticsearch 8.14 node for development and tests: bound to 127.0.0.1 on a free HTTP port, data in a fresh
 * temporary directory that is deleted when the node stops. Prints exactly one line on stdout,
 * {@code ES_URL=http://127.0.0.1:<port>}, once the cluster is green; stops cleanly on SIGINT/SIGTERM (JVM shutdown hook),
 * and also when the process that started it dies (so a killed test run leaves no node and no data behind).
 *
 * <p>What this node has (each line checked over HTTP against the running node; later work depends on it):
 * <ul>
 *   <li>YES (server): composable index templates and component templates (with aliases), point in time
 *       (POST index/_pit) + search_after, geo_point + geo_distance, ip (CIDR term queries), keyword/text/date/long,
 *       flattened, bulk with op_type create (a duplicate _id is a per-item 409 version_conflict_engine_exception and
 *       the original is kept), terms / date_histogram / cardinality / composite / top_hits aggregations, _update with
 *       a partial doc, mget, refresh, _count, runtime fields that read _source (no script).</li>
 *   <li>YES: HTTP (transport-netty4 module); GET / and HEAD / (RootInfoPlugin, which stands in for rest-root).</li>
 *   <li>NO update_by_query, delete_by_query, reindex: the reindex module is not on Maven Central.</li>
 *   <li>NO painless (lang-painless is not on Central): no scripts anywhere (scripted updates, script fields,
 *       scripted runtime fields or aggregations, script_score).</li>
 *   <li>NO ingest processors (ingest-common: "No processor type exists with name [set]"), no mapper-extras types
 *       (scaled_float, match_only_text, search_as_you_type, rank_feature), no analysis-common analyzers beyond the
 *       server's standard ones.</li>
 *   <li>NO x-pack: no security (plain HTTP, no credentials, no _security API), no data streams (an index template
 *       with "data_stream" is accepted, but PUT _data_stream/NAME has no handler and writing to such a name fails), no
 *       ILM, no _license / _xpack, no transforms, ML, wildcard or constant_keyword.</li>
 * </ul>
 * Code that must also run against a full cluster should therefore use plain indices (plus templates/aliases), bulk
 * writes and partial-document updates, and keep scripts out of queries.
 */
public final class DevNode {
    private DevNode() {}

    public static void main(String[] args) throws Exception {
        Path home = Files.createTempDirectory("buffalogs-es-");
        Settings settings = Settings.builder()
            .put("path.home", home.toString())
            .put("path.data", home.resolve("data").toString())
            .put("path.logs", home.resolve("logs").toString())
            .put("cluster.name", "buffalogs-dev")
            .put("node.name", "buffalogs-dev-node")
            .put("discovery.type", "single-node")
            .put("network.host", "127.0.0.1")
            // Port 0: the OS picks a free port, so parallel runs and other services never collide.
            .put("http.port", "0")
            .put("transport.port", "0")
            // The shared disk may be nearly full; a dev node must not turn indices read-only because of it.
            .put("cluster.routing.allocation.disk.threshold_enabled", false)
            .put("logger.level", System.getenv().getOrDefault("ES_LOG_LEVEL", "WARN"))
            .build();

        LogConfigurator.loadLog4jPlugins();
        LogConfigurator.configureESLogging();
        LogConfigurator.configureWithoutConfig(settings);

        Environment environment = InternalSettingsPreparer.prepareEnvironment(settings, Map.of(), null, () -> "buffalogs-dev-node");
        Node node = new ClasspathNode(environment, List.of(Netty4Plugin.class, RootInfoPlugin.class));
        Runtime.getRuntime().addShutdownHook(new Thread(() -> stop(node, home), "buffalogs-es-shutdown"));

        node.start();
        ClusterHealthResponse health = node.client()
            .admin()
            .cluster()
            .prepareHealth()
            .setWaitForGreenStatus()
            .setTimeout(TimeValue.timeValueSeconds(60))
            .get();
        if (health.getStatus() != ClusterHealthStatus.GREEN) {
            System.err.println("cluster did not turn green: " + health.getStatus());
            System.exit(1);
        }
        InetSocketAddress http = node.injector().getInstance(HttpServerTransport.class).boundAddress().publishAddress().address();
        System.out.println("ES_URL=http://127.0.0.1:" + http.getPort());
        System.out.flush();

        exitWhenParentDies();
    }

    /** If whoever started us is gone (even SIGKILLed), stop, so no orphan node keeps a port and a temp directory. */
    private static void exitWhenParentDies() throws InterruptedException {
        Optional<ProcessHandle> parent = ProcessHandle.current().parent();
        while (true) {
            TimeUnit.SECONDS.sleep(1);
            if (parent.isEmpty() || parent.get().isAlive() == false) {
                System.err.println("parent process is gone; stopping Elasticsearch");
                System.exit(0);
            }
        }
    }

    private static void stop(Node node, Path home) {
        try {
            node.close();
            if (node.awaitClose(20, TimeUnit.SECONDS) == false) {
                System.err.println("Elasticsearch did not close within 20s");
            }
        } catch (Exception e) {
            System.err.println("error while stopping Elasticsearch: " + e);
        } finally {
            deleteTree(home);
        }
    }

    private static void deleteTree(Path root) {
        try {
            Files.walkFileTree(root, new SimpleFileVisitor<>() {
                @Override
                public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                    Files.deleteIfExists(file);
                    return FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult postVisitDirectory(Path dir, IOException exc) throws IOException {
                    Files.deleteIfExists(dir);
                    return FileVisitResult.CONTINUE;
                }
            });
        } catch (IOException e) {
            System.err.println("could not delete " + root + ": " + e);
        }
    }
}
