package tot.api;

import static org.junit.jupiter.api.Assertions.*;

import java.lang.reflect.Executable;
import java.lang.reflect.Field;
import java.lang.reflect.GenericArrayType;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.Type;
import java.lang.reflect.WildcardType;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The library's interface is tot.api alone: no public or protected member of a public tot.api
 * type names a type of tot's other packages (they stay free to change).
 */
class ApiSurfaceTest {
    @Test
    void publicSignaturesNameOnlyJavaAndApiTypes() throws Exception {
        List<String> leaks = new ArrayList<>();
        int types = 0;
        for (Class<?> c : apiClasses()) {
            if (!Modifier.isPublic(c.getModifiers())) continue;
            types++;
            for (Method m : c.getDeclaredMethods()) if (visible(m.getModifiers()) && !m.isSynthetic()) check(c, m, leaks);
            for (var k : c.getDeclaredConstructors()) if (visible(k.getModifiers())) check(c, k, leaks);
            for (Field f : c.getDeclaredFields()) if (visible(f.getModifiers())) allowed(f.getGenericType(), c + "." + f.getName(), leaks);
            if (c.getGenericSuperclass() != null) allowed(c.getGenericSuperclass(), c + " extends", leaks);
            for (Type t : c.getGenericInterfaces()) allowed(t, c + " implements", leaks);
        }
        assertTrue(types >= 20, types + " public types");
        assertEquals(List.of(), leaks);
    }

    private static void check(Class<?> c, Executable e, List<String> leaks) {
        String where = c.getSimpleName() + "." + e.getName();
        for (Type t : e.getGenericParameterTypes()) allowed(t, where, leaks);
        for (Type t : e.getGenericExceptionTypes()) allowed(t, where, leaks);
        if (e instanceof Method m) allowed(m.getGenericReturnType(), where, leaks);
    }

    private static boolean visible(int modifiers) {
        return Modifier.isPublic(modifiers) || Modifier.isProtected(modifiers);
    }

    private static void allowed(Type t, String where, List<String> leaks) {
        switch (t) {
            case Class<?> c -> {
                Class<?> base = c;
                while (base.isArray()) base = base.getComponentType();
                String name = base.getName();
                if (!base.isPrimitive() && !name.startsWith("java.") && !name.startsWith("tot.api.")) leaks.add(where + ": " + name);
            }
            case ParameterizedType p -> {
                allowed(p.getRawType(), where, leaks);
                for (Type a : p.getActualTypeArguments()) allowed(a, where, leaks);
            }
            case WildcardType w -> {
                for (Type b : w.getUpperBounds()) allowed(b, where, leaks);
                for (Type b : w.getLowerBounds()) allowed(b, where, leaks);
            }
            case GenericArrayType g -> allowed(g.getGenericComponentType(), where, leaks);
            default -> {} // type variables: tot.api declares none
        }
    }

    /** Every class compiled from src/main/java/tot/api (nested ones too). */
    private static List<Class<?>> apiClasses() throws Exception {
        List<Class<?>> out = new ArrayList<>();
        try (Stream<Path> files = Files.list(Path.of("target/classes/tot/api"))) {
            for (Path f : files.toList()) {
                String n = f.getFileName().toString();
                if (n.endsWith(".class") && !n.equals("package-info.class")) out.add(Class.forName("tot.api." + n.substring(0, n.length() - 6)));
            }
        }
        return out;
    }
}
