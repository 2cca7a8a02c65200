/*
 * Starts DynamoDB Local (DynamoDBLocal.jar, on the class path) listening on 127.0.0.1 only.
 *
 * DynamoDB Local has no option for the address it listens on: its DynamoDBProxyServer builds a
 * Jetty Server(port), whose one connector listens on every interface. This does what the jar's
 * own main (ServerRunner.main) does with the same arguments, but sets that connector's host to
 * 127.0.0.1 before the server starts. Everything is looked up by reflection, so it compiles
 * against java.base alone; functions/local/dynamodb.ts compiles it into a cache on first use.
 *
 * Telemetry is not configured here: dynamodb.ts always passes -disableTelemetry.
 *
 * Exit codes: 78 when this version of DynamoDB Local cannot be bound this way (nothing was
 * bound; dynamodb.ts then starts the jar as it is, with a warning); 1 when DynamoDB Local itself
 * fails (bad arguments, port in use), with its message on stderr.
 */
import java.lang.reflect.Field;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;

public class DynamoDbLocalLoopback {
  static final String HOST = "127.0.0.1";
  static final int UNSUPPORTED = 78;

  public static void main(String[] args) {
    Object proxy;
    try {
      Class<?> runner = Class.forName("software.amazon.dynamodb.services.local.main.ServerRunner");
      Method create = runner.getMethod("createServerFromCommandLineArgs", String[].class);
      proxy = create.invoke(null, (Object) args);
    } catch (InvocationTargetException e) {
      fail(e.getCause());
      return;
    } catch (ReflectiveOperationException | RuntimeException | LinkageError e) {
      unsupported(e);
      return;
    }
    try {
      Field field = proxy.getClass().getDeclaredField("server");
      field.setAccessible(true);
      Object server = field.get(proxy);
      Object[] connectors = (Object[]) server.getClass().getMethod("getConnectors").invoke(server);
      if (connectors.length == 0) throw new IllegalStateException("the Jetty server has no connector");
      for (Object connector : connectors) {
        connector.getClass().getMethod("setHost", String.class).invoke(connector, HOST);
        Object host = connector.getClass().getMethod("getHost").invoke(connector);
        if (!HOST.equals(host)) throw new IllegalStateException("the connector's host stayed " + host);
      }
    } catch (ReflectiveOperationException | RuntimeException | LinkageError e) {
      unsupported(e);
      return;
    }
    try {
      proxy.getClass().getMethod("start").invoke(proxy);
    } catch (InvocationTargetException e) {
      fail(e.getCause());
      return;
    } catch (ReflectiveOperationException | RuntimeException e) {
      unsupported(e);
      return;
    }
    System.out.println("DynamoDB Local listens on " + HOST + " only");
  }

  static void unsupported(Throwable e) {
    System.err.println("shishi: cannot bind DynamoDB Local to " + HOST + ": " + e);
    System.exit(UNSUPPORTED);
  }

  static void fail(Throwable e) {
    System.err.println(String.valueOf(e));
    System.exit(1);
  }
}
