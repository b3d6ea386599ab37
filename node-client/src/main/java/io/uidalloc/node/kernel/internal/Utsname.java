package io.uidalloc.node.kernel.internal;

import com.sun.jna.Native;
import com.sun.jna.Structure;
import com.sun.jna.Structure.FieldOrder;

/** glibc's {@code struct utsname} ({@code sys/utsname.h}): six NUL-terminated strings of {@code _UTSNAME_LENGTH} 65. */
@FieldOrder({"sysname", "nodename", "release", "version", "machine", "domainname"})
public final class Utsname extends Structure {

    /** {@code _UTSNAME_LENGTH} in glibc's {@code bits/utsname.h}. */
    private static final int UTSNAME_LENGTH = 65;

    public byte[] sysname = new byte[UTSNAME_LENGTH];
    public byte[] nodename = new byte[UTSNAME_LENGTH];
    public byte[] release = new byte[UTSNAME_LENGTH];
    public byte[] version = new byte[UTSNAME_LENGTH];
    public byte[] machine = new byte[UTSNAME_LENGTH];
    public byte[] domainname = new byte[UTSNAME_LENGTH];

    /** The kernel release, for example {@code 6.18.44-fc-v1252}. */
    public String releaseString() {
        return Native.toString(release);
    }
}
