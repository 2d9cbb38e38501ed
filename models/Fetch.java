import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;

/** Used by models/fetch on machines without curl or wget: java Fetch.java URL FILE. */
public class Fetch {
    public static void main(String[] args) throws Exception {
        HttpClient http = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NORMAL)
                .connectTimeout(Duration.ofSeconds(20)).build();
        HttpResponse<Path> r = http.send(HttpRequest.newBuilder(URI.create(args[0])).build(),
                HttpResponse.BodyHandlers.ofFile(Path.of(args[1])));
        if (r.statusCode() != 200) {
            System.err.println("fetch: HTTP " + r.statusCode() + " from " + args[0]);
            System.exit(1);
        }
    }
}
