#!/usr/bin/env python3
"""The hostile corpus: bad and extreme inputs for the `perceiver` CLI, generated (nothing binary
is committed) into OUT_DIR together with cases.json, which test_corpus runs case by case.

    python3 tests/corpus/make_corpus.py OUT_DIR FIXTURES_DIR

Each case is one invocation: its arguments (paths relative to OUT_DIR), extra environment, the
exit code expected, a text its stderr must hold, and a folder that must stay empty (no partial
output left behind). test_corpus also bounds its time and its peak memory. Only the Python
standard library is used (struct, zlib, json).
"""
import json
import os
import shutil
import struct
import sys
import zlib

out = os.path.abspath(sys.argv[1])
fixtures = os.path.abspath(sys.argv[2])
cases = []


def path(*parts):
    return os.path.join(out, *parts)


def write(rel, data):
    p = path(rel)
    os.makedirs(os.path.dirname(p), exist_ok=True)
    with open(p, "wb") as f:
        f.write(data if isinstance(data, bytes) else data.encode())
    return rel


def case(name, args, rc, stderr, env=None, empty=None, group="misc"):
    cases.append({"name": name, "group": group, "args": args, "rc": rc, "stderr": stderr,
                  "env": env or {}, "empty": empty})


# Exit codes (app/cli/commands.h): 2 usage, 3 invalid input, 4 config, 5 checkpoint, 6 media.
USAGE, INPUT, CONFIG, CHECKPOINT, MEDIA = 2, 3, 4, 5, 6

# --- valid material ------------------------------------------------------------------------


def png_chunk(kind, data, bad_crc=False):
    crc = zlib.crc32(kind + data) ^ (1 if bad_crc else 0)
    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", crc & 0xFFFFFFFF)


def png(width, height, pixel=lambda x, y: (x * 7 % 256, y * 5 % 256, 128), bad_crc=False, iend=True, idat=None):
    raw = b"".join(b"\0" + bytes(c for x in range(width) for c in pixel(x, y)) for y in range(height))
    body = png_chunk(b"IHDR", struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0), bad_crc)
    body += png_chunk(b"IDAT", zlib.compress(raw) if idat is None else idat)
    if iend:
        body += png_chunk(b"IEND", b"")
    return b"\x89PNG\r\n\x1a\n" + body


write("media/a.png", png(48, 40))
write("media/b.png", png(48, 40, lambda x, y: ((x + 1) * 7 % 256, y * 5 % 256, 128)))


def safetensors_file(header, data=b""):
    h = json.dumps(header).encode() if not isinstance(header, bytes) else header
    return struct.pack("<Q", len(h)) + h + data


def read_safetensors(p):
    with open(p, "rb") as f:
        blob = f.read()
    n = struct.unpack("<Q", blob[:8])[0]
    return json.loads(blob[8:8 + n]), bytearray(blob[8 + n:])


def model_folder(rel, config_edit=None, weights=None, weights_name="model.safetensors", source="image_classification_conv"):
    """A model folder from a fixture: its config (edited) and its weights (or `weights`)."""
    src = os.path.join(fixtures, "parity", source)
    os.makedirs(path(rel), exist_ok=True)
    with open(os.path.join(src, "config.json")) as f:
        config = json.load(f)
    if config_edit:
        config_edit(config)
    write(rel + "/config.json", json.dumps(config) if not isinstance(config, (bytes, str)) else config)
    if weights is None:
        shutil.copy(os.path.join(src, "model.safetensors"), path(rel, weights_name))
    else:
        write(rel + "/" + weights_name, weights)
    return rel


# --- hostile checkpoints: safetensors ------------------------------------------------------

ST = "safetensors"
for name, blob, expected in [
    ("empty weights file", b"", "shorter than the 8-byte header length"),
    ("absurd header length", b"\xff" * 7 + b"\x7f{}", "exceeds the 100 MiB limit"),
    ("header past the end", struct.pack("<Q", 64) + b"{}", "runs past the end"),
    ("header not JSON", safetensors_file(b"{nope"), "not valid JSON"),
    ("header nested 100k deep", safetensors_file(b'{"a":' + b"[" * 100000 + b"]" * 100000 + b"}"), "nested deeper than 64 levels"),
    ("duplicate tensor name", safetensors_file(b'{"a":{"dtype":"U8","shape":[4],"data_offsets":[0,4]},"a":{"dtype":"U8","shape":[4],"data_offsets":[4,8]}}', b"12345678"),
     "holding the key 'a' twice"),
    ("hole between tensors", safetensors_file({"a": {"dtype": "U8", "shape": [2], "data_offsets": [0, 2]}, "b": {"dtype": "U8", "shape": [2], "data_offsets": [4, 6]}}, b"123456"),
     "belong to no tensor"),
    ("overlapping tensors", safetensors_file({"a": {"dtype": "F32", "shape": [1], "data_offsets": [0, 4]}, "b": {"dtype": "F32", "shape": [1], "data_offsets": [2, 6]}}, b"12345678"),
     "overlap"),
    ("absurd tensor shape", safetensors_file({"a": {"dtype": "F32", "shape": [4294967296, 4294967296, 16], "data_offsets": [0, 4]}}, b"1234"), "absurdly large"),
    ("negative tensor shape", safetensors_file({"a": {"dtype": "F32", "shape": [-1], "data_offsets": [0, 4]}}, b"1234"), "is not a list of sizes"),
    ("unknown dtype", safetensors_file({"a": {"dtype": "Q8", "shape": [1], "data_offsets": [0, 1]}}, b"x"), "unsupported dtype 'Q8'"),
]:
    rel = model_folder("ckpt/" + name.replace(" ", "_"), weights=blob)
    case(name, ["classify", "--model", rel, "media/a.png"], CHECKPOINT, expected, group=ST)

# --- hostile checkpoints: pytorch_model.bin (zip + restricted unpickler) -------------------


def zip_stored(entries, bad_crc=False, method=0):
    blob, central = b"", b""
    for name, data in entries:
        offset = len(blob)
        crc = zlib.crc32(data) ^ (1 if bad_crc else 0)
        n = name.encode()
        blob += struct.pack("<IHHHHHIIIHH", 0x04034B50, 20, 0, method, 0, 0, crc, len(data), len(data), len(n), 0) + n + data
        central += struct.pack("<IHHHHHHIIIHHHHHII", 0x02014B50, 20, 20, 0, method, 0, 0, crc, len(data), len(data), len(n), 0, 0, 0, 0, 0, offset) + n
    cd = len(blob)
    return blob + central + struct.pack("<IHHHHIIH", 0x06054B50, 0, 0, len(entries), len(entries), len(central), cd, 0)


def unicode(s):
    b = s.encode()
    return b"X" + struct.pack("<I", len(b)) + b


def tensor_pickle(glob=b"torch._utils\n_rebuild_tensor_v2\n", offset=b"K\x00"):
    return (b"\x80\x02}" + unicode("w") + b"c" + glob + b"((" + unicode("storage") + b"ctorch\nFloatStorage\n" + unicode("0") +
            unicode("cpu") + b"K\x02tQ" + offset + b"K\x02\x85K\x01\x85\x89ccollections\nOrderedDict\n)Rt" + b"Rs.")


def chain_by_mutation(n):
    p = bytearray(b"\x80\x02")
    for i in range(n):
        p += b"]r" + struct.pack("<I", i) + b"0"
    for i in range(n - 1):
        p += b"j" + struct.pack("<I", i) + b"j" + struct.pack("<I", i + 1) + b"a0"
    return bytes(p + b"j" + struct.pack("<I", 0) + b".")


floats2 = struct.pack("<ff", 1.0, 2.0)
BIN = "torch .bin"
zip64_tiny = (struct.pack("<IIIIII", 0x04034B50, 0x07064B50, 0, 0x41414141, 0x41, 1) +
              struct.pack("<IHHHHIIH", 0x06054B50, 0, 0, 0xFFFF, 0xFFFF, 0xFFFFFFFF, 0xFFFFFFFF, 0))
for name, blob, expected in [
    ("pickle calls os.system", zip_stored([("archive/data.pkl", tensor_pickle(b"os\nsystem\n")), ("archive/data/0", floats2)]), "refusing global 'os.system'"),
    ("pickle calls builtins.eval", zip_stored([("archive/data.pkl", b"\x80\x02cbuiltins\neval\n" + unicode("1") + b"\x85R.")]), "refusing global 'builtins.eval'"),
    ("legacy torch.save", b"\x80\x02\x8a\x0a" + bytes(range(0, 170, 17)) + b".", "legacy (pre-1.6, non-zip)"),
    ("zip with a bad CRC", zip_stored([("archive/data.pkl", tensor_pickle()), ("archive/data/0", floats2)], bad_crc=True), "CRC-32 mismatch"),
    ("zip entry compressed", zip_stored([("archive/data.pkl", tensor_pickle())], method=8), "is compressed"),
    ("zip64 record under 56 bytes", zip64_tiny, "zip64 end record out of range"),
    ("truncated zip", zip_stored([("archive/data.pkl", tensor_pickle())])[:60], "end-of-central-directory"),
    ("storage missing", zip_stored([("archive/data.pkl", tensor_pickle())]), "has no entry 'archive/data/0'"),
    ("negative storage offset", zip_stored([("archive/data.pkl", tensor_pickle(offset=b"J\xff\xff\xff\xff")), ("archive/data/0", floats2)]), "negative storage offset -1"),
    ("1M nested tuples", zip_stored([("archive/data.pkl", b"\x80\x02)" + b"\x85" * 1000000 + b".")]), "nested deeper than 1000 levels"),
    ("list memoized into itself", zip_stored([("archive/data.pkl", b"\x80\x02]2a.")]), "not a dict of tensors"),
    ("300k-deep chain by mutation", zip_stored([("archive/data.pkl", chain_by_mutation(300000))]), "not a dict of tensors"),
]:
    rel = model_folder("ckpt/" + name.replace(" ", "_").replace(".", "_"), weights=blob, weights_name="pytorch_model.bin")
    case(name, ["classify", "--model", rel, "media/a.png"], CHECKPOINT, expected, group=BIN)

# --- configs ------------------------------------------------------------------------------

CFG = "config"


def setter(**values):
    def edit(c):
        c.update(values)
    return edit


for name, edit, rc, expected in [
    ("num_self_attends_per_block 1e9", setter(num_self_attends_per_block=10**9), CONFIG, "'num_self_attends_per_block': expected an integer in [1, 1024], got 1000000000"),
    ("num_blocks 1e9", setter(num_blocks=10**9), CONFIG, "'num_blocks': expected an integer in [1, 1024]"),
    ("num_latents 3e7", setter(num_latents=3 * 10**7), CONFIG, "'num_latents': expected an integer in [1, 65536], got 30000000"),
    ("num_labels 1e9", lambda c: (c.pop("id2label", None), c.pop("label2id", None), c.update(num_labels=10**9)), CONFIG, "'num_labels': expected an integer in [1, 131072]"),
    ("d_latents as uint64", setter(d_latents=2**64 - 1), CONFIG, "'d_latents': expected an integer in [1, 65536]"),
    ("num_latents not the checkpoint's", setter(num_latents=60000), CHECKPOINT, "num_latents is 60000 and d_latents 32, but embeddings.latents is [12, 32]"),
    ("self-attention layers not the checkpoint's", setter(num_self_attends_per_block=1000), CHECKPOINT, "num_self_attends_per_block is 1000, but the checkpoint's encoder has 1 self-attention layer"),
    ("labels not the checkpoint's", lambda c: (c.pop("label2id", None), c.update(id2label={str(i): "c%d" % i for i in range(900)})), CHECKPOINT, "it has 900 labels"),
]:
    rel = model_folder("config/" + name.replace(" ", "_").replace("'", ""), config_edit=edit)
    case(name, ["classify", "--model", rel, "media/a.png"], rc, expected, group=CFG)

rel = model_folder("config/not_json", config_edit=lambda c: None)
write(rel + "/config.json", "{nope")
case("config.json not JSON", ["classify", "--model", rel, "media/a.png"], CONFIG, "is not valid JSON", group=CFG)
rel = model_folder("config/nested", config_edit=lambda c: None)
write(rel + "/config.json", '{"a":' + "[" * 100000 + "]" * 100000 + "}")
case("config.json nested 100k deep", ["classify", "--model", rel, "media/a.png"], CONFIG, "nested deeper than 64 levels", group=CFG)
rel = model_folder("config/folder", config_edit=lambda c: None)
os.remove(path(rel, "config.json"))
os.makedirs(path(rel, "config.json"))
case("config.json a folder", ["classify", "--model", rel, "media/a.png"], CONFIG, "is a folder, not a file", group=CFG)
rel = model_folder("config/fifo", config_edit=lambda c: None)
os.remove(path(rel, "config.json"))
os.mkfifo(path(rel, "config.json"))
case("config.json a FIFO", ["classify", "--model", rel, "media/a.png"], CONFIG, "is not a regular file", group=CFG)
rel = model_folder("config/memory", config_edit=lambda c: None)
case("model larger than the memory left", ["classify", "--model", rel, "media/a.png"], INPUT,
     "needs 1.0 MB of memory for its float32 weights; this machine has 1.0 KB available", env={"PERCEIVER_MEMORY_LIMIT": "1000"}, group=CFG)

# NaN weights: the result is printed (rc 0) and stderr says it is meaningless.
header, data = read_safetensors(os.path.join(fixtures, "parity", "image_classification_conv", "model.safetensors"))
begin, end = header["perceiver.embeddings.latents"]["data_offsets"]
data[begin:end] = struct.pack("<f", float("nan")) * ((end - begin) // 4)
rel = model_folder("config/nan_weights", weights=struct.pack("<Q", len(json.dumps(header).encode())) + json.dumps(header).encode() + bytes(data))
case("NaN weights warn", ["classify", "--model", rel, "media/a.png"], 0,
     "warning: 1 of 62 weight tensors hold NaN or infinite values (first: perceiver.embeddings.latents)", group="NaN")

# --- media --------------------------------------------------------------------------------

MEDIA_G = "media"
write("media/bomb.png", png(8, 8)[:16] + struct.pack(">II", 20000, 20000) + b"\x08\x02\x00\x00\x00")
# (the IHDR above has the wrong CRC: the bomb proper, with a valid CRC, comes next)
ihdr = struct.pack(">IIBBBBB", 20000, 20000, 8, 2, 0, 0, 0)
bomb = b"\x89PNG\r\n\x1a\n" + png_chunk(b"IHDR", ihdr) + png_chunk(b"IDAT", zlib.compress(b"\0" * (1 << 20), 9)) + png_chunk(b"IEND", b"")
write("media/bomb.png", bomb)
case("PNG bomb 20000x20000 (classify)", ["classify", "media/bomb.png"], MEDIA, "declares 20000 x 20000 pixels (400.0 megapixels)", group=MEDIA_G)
case("PNG bomb 20000x20000 (flow)", ["flow", "media/bomb.png", "media/bomb.png", "--flo", "out/flow/x.flo"], MEDIA, "declares 20000 x 20000 pixels",
     empty="out/flow", group=MEDIA_G)
write("media/bmp_bomb.bmp", b"BM" + b"\0" * 12 + struct.pack("<Iii", 40, 30000, -30000) + b"\0" * 30)
case("BMP bomb 30000x30000", ["classify", "media/bmp_bomb.bmp"], MEDIA, "declares 30000 x 30000 pixels", group=MEDIA_G)
write("media/truncated.png", png(48, 40)[:70])
case("truncated PNG", ["classify", "media/truncated.png"], MEDIA, "truncated or corrupt: chunk 'IDAT'", group=MEDIA_G)
write("media/bad_crc.png", png(48, 40, bad_crc=True))
case("PNG with a bad CRC", ["classify", "media/bad_crc.png"], MEDIA, "chunk 'IHDR' at byte 8 fails its CRC check", group=MEDIA_G)
write("media/bad_zlib.png", png(48, 40, idat=b"\x78\x9c not zlib at all"))
case("PNG with a corrupt IDAT stream", ["classify", "media/bad_zlib.png"], MEDIA, "the image data (IDAT) is not a valid zlib stream", group=MEDIA_G)
write("media/short_idat.png", png(48, 40, idat=zlib.compress(b"\0" * 100)))
case("PNG with too little image data", ["classify", "media/short_idat.png"], MEDIA, "the image data holds 100 of the 5800 bytes its size needs", group=MEDIA_G)
with open(path("media/sparse.png"), "wb") as f:
    f.write(b"\x89PNG")
    f.truncate(5 << 29)  # 2.5 GiB, sparse
case("sparse 2.5 GB image", ["classify", "media/sparse.png"], MEDIA, "is 2560 MiB; images up to 1024 MiB are read", group=MEDIA_G)
os.mkfifo(path("media/fifo.png"))
case("image is a FIFO", ["classify", "media/fifo.png"], MEDIA, "is not a regular file", group=MEDIA_G)
os.makedirs(path("media/folder.png"))
case("image is a folder", ["classify", "media/folder.png"], MEDIA, "is a folder, not a file", group=MEDIA_G)
write("media/empty.png", b"")
case("empty image", ["classify", "media/empty.png"], MEDIA, "is empty (0 bytes)", group=MEDIA_G)
write("media/text.png", "hello, not an image")
case("text named .png", ["classify", "media/text.png"], MEDIA, "not a supported image", group=MEDIA_G)
case("missing image", ["classify", "media/missing.png"], MEDIA, "does not exist", group=MEDIA_G)
write("media/huge_claim.flo", b"PIEH" + struct.pack("<ii", 30000, 30000))
case(".flo of 12 bytes claiming 30000x30000", ["flow", "media/a.png", "media/b.png", "--gt", "media/huge_claim.flo"], MEDIA, "30000", group=MEDIA_G)
write("media/bad_magic.flo", b"NOPE" + struct.pack("<ii", 2, 2) + b"\0" * 32)
case(".flo with a bad magic", ["flow", "media/a.png", "media/b.png", "--gt", "media/bad_magic.flo"], MEDIA, "magic", group=MEDIA_G)
os.mkfifo(path("media/fifo.flo"))
case("ground truth a FIFO", ["flow", "media/a.png", "media/b.png", "--gt", "media/fifo.flo", "--flo", "out/gtfifo/x.flo"], MEDIA,
     "is not a regular file", empty="out/gtfifo", group=MEDIA_G)
write("media/gt_wrong_size.flo", b"PIEH" + struct.pack("<ii", 4, 4) + b"\0" * 128)
case("ground truth of another size", ["flow", "media/a.png", "media/b.png", "--gt", "media/gt_wrong_size.flo", "--flo", "out/gtsize/x.flo"], INPUT,
     "is 4x4, the frames 48x40", empty="out/gtsize", group=MEDIA_G)
os.mkfifo(path("media/labels.fifo"))
case("labels a FIFO", ["classify", "media/a.png", "--labels", "media/labels.fifo"], CONFIG, "is not a regular file", group=MEDIA_G)
write("media/video.mp4", b"\0\0\0\x18ftypmp42" + b"\0" * 64)
os.makedirs(path("out/ae"), exist_ok=True)
case("video that is not one", ["autoencode", "media/video.mp4", "--out", "out/ae/x.mp4"], MEDIA, "cannot open video", empty="out/ae", group=MEDIA_G)

# --- flow research verbs (flow-eval, track, the trust views) -----------------------------

FR = "flow research"
os.makedirs(path("data/nothing"), exist_ok=True)
case("flow-eval on a folder that is no dataset", ["flow-eval", "data/nothing"], MEDIA, "is neither a Sintel dataset", group=FR)
write("data/sintel/training/clean/s1/frame_0001.png", png(48, 40))
write("data/sintel/training/clean/s1/frame_0002.png", png(48, 40))
write("data/sintel_nogt/training/clean/s1/frame_0001.png", png(48, 40))
write("data/sintel_nogt/training/clean/s1/frame_0002.png", png(48, 40))
os.makedirs(path("data/sintel_nogt/training/flow/s1"), exist_ok=True)
case("Sintel pair without its ground truth", ["flow-eval", "data/sintel_nogt"], MEDIA, "ground truth of s1/frame_0001", group=FR)
write("data/sintel/training/flow/s1/frame_0001.flo", b"PIEH" + struct.pack("<ii", 30000, 30000))
os.makedirs(path("out/fe1"), exist_ok=True)
case("Sintel ground truth of 12 bytes claiming 30000x30000", ["flow-eval", "data/sintel", "--out", "out/fe1/r.json"], MEDIA, "30000",
     empty="out/fe1", group=FR)
write("out/fe2/r.json.partial", "not a journal\n")
case("flow-eval journal that is not one", ["flow-eval", "data/sintel", "--out", "out/fe2/r.json"], INPUT, "is not a flow-eval journal", group=FR)
case("flow-eval report of an unknown type", ["flow-eval", "data/sintel", "--out", "out/r.txt"], INPUT, "expected a .json or .csv", group=FR)
case("flow-eval unknown format", ["flow-eval", "data/sintel", "--format", "middlebury"], INPUT, "expected sintel or kitti", group=FR)
write("data/one_frame/frame_0001.png", png(48, 40))
os.makedirs(path("out/fv1"), exist_ok=True)
case("flow of a folder with one frame", ["flow", "--video", "data/one_frame", "--out-dir", "out/fv1"], MEDIA, "has a single frame",
     empty="out/fv1", group=FR)
os.makedirs(path("out/tr1"), exist_ok=True)
case("track with a point that is no point", ["track", "--video", "data/one_frame", "--points", "a,b", "--out-dir", "out/tr1"], INPUT,
     "point 'a,b': expected X,Y", empty="out/tr1", group=FR)
case("track a point outside the frame", ["track", "--video", "data/sintel/training/clean/s1", "--points", "48,0", "--out-dir", "out/tr1"],
     INPUT, "lies outside the 48x40 frame", empty="out/tr1", group=FR)
os.makedirs(path("out/cmp"), exist_ok=True)
case("flow compared with a truncated PNG", ["flow", "media/a.png", "media/b.png", "--compare", "media/truncated.png", "--out-dir", "out/cmp"],
     MEDIA, "truncated or corrupt", empty="out/cmp", group=FR)
case("occlusions without ground truth", ["flow", "media/a.png", "media/b.png", "--occlusions", "media/a.png"], USAGE, "need --gt", group=FR)

# --- options ------------------------------------------------------------------------------

OPT = "options"
for name, args, rc, expected, empty in [
    ("negative --min-overlap", ["flow", "media/a.png", "media/b.png", "--min-overlap", "-1", "--flo", "out/o1/x.flo"], INPUT, "--min-overlap must be at least 0", "out/o1"),
    ("--arrow-step 0", ["flow", "media/a.png", "media/b.png", "--arrow-step", "0", "--flo", "out/o2/x.flo"], INPUT, "--arrow-step must be at least 1", "out/o2"),
    ("--chunks 2e9", ["autoencode", "media/video.mp4", "--chunks", "2000000000"], INPUT, "decode chunks must be between 1 and 65536, got 2000000000", None),
    ("--threads 100000", ["--threads", "100000", "classify", "media/a.png"], USAGE, "--threads takes 0 (all cores) to 1024", None),
    ("--threads not a number", ["--threads", "many", "classify", "media/a.png"], USAGE, "--threads needs a number", None),
    ("--top-k not a number", ["classify", "media/a.png", "--top-k", "five"], USAGE, "--top-k", None),
    ("unknown option", ["classify", "media/a.png", "--colour", "red"], USAGE, "unknown option --colour", None),
    ("option without its value", ["classify", "media/a.png", "--top-k"], USAGE, "--top-k", None),
    ("unknown command", ["clasify", "media/a.png"], USAGE, "unknown command 'clasify'", None),
    ("output folder is a file", ["flow", "--video", "media/video.mp4", "--out-dir", "media/a.png"], INPUT, "media/a.png", None),
]:
    case(name, args, rc, expected, empty=empty, group=OPT)

os.makedirs(path("out"), exist_ok=True)
with open(path("cases.json"), "w") as f:
    json.dump(cases, f, indent=1)
print("%d cases in %s" % (len(cases), out))
