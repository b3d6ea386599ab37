package io.uidalloc.node.kernel.internal;

import com.sun.jna.Structure;
import com.sun.jna.Structure.FieldOrder;

/**
 * glibc's {@code struct statfs} on LP64 Linux ({@code bits/statfs.h}): every {@code __fsword_t},
 * {@code __fsblkcnt_t} and {@code __fsfilcnt_t} is 64 bits, {@code f_fsid} is two {@code int}; 120 bytes in all.
 */
@FieldOrder({
    "f_type",
    "f_bsize",
    "f_blocks",
    "f_bfree",
    "f_bavail",
    "f_files",
    "f_ffree",
    "f_fsid",
    "f_namelen",
    "f_frsize",
    "f_flags",
    "f_spare"
})
public final class Statfs extends Structure {

    /** Filesystem magic number, see {@code include/uapi/linux/magic.h}. */
    public long f_type;

    public long f_bsize;
    public long f_blocks;
    public long f_bfree;
    public long f_bavail;
    public long f_files;
    public long f_ffree;
    public int[] f_fsid = new int[2];
    public long f_namelen;
    public long f_frsize;
    public long f_flags;
    public long[] f_spare = new long[4];
}
