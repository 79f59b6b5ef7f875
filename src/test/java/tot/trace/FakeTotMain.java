package tot.trace;

/** The main class of the jar LauncherTest's fake build makes: prints its arguments. */
public final class FakeTotMain {
    private FakeTotMain() {}

    public static void main(String[] args) {
        System.out.println("fake tot " + String.join(" ", args));
    }
}
