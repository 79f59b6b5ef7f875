package tot.trace;

/**
 * The main class of the jar LauncherTest's fake build makes: prints its arguments (`signals`:
 * the ignored signals the launcher passed). Its training run (`train`) fails while the file
 * $FAKE_TRAIN_FAILS names exists.
 */
public final class FakeTotMain {
    private FakeTotMain() {}

    public static void main(String[] args) {
        String failing = System.getenv("FAKE_TRAIN_FAILS");
        if (args.length > 0 && args[0].equals("train") && failing != null && new java.io.File(failing).exists()) {
            System.exit(1);
        }
        if (args.length > 0 && args[0].equals("signals")) System.out.println(System.getProperty("tot.ignoredSignals"));
        else System.out.println("fake tot " + String.join(" ", args));
    }
}
