#!/usr/bin/python3
"""Reads TensorBoard event files the way TensorBoard does, independently of genzoo's writer: TFRecord framing with
both masked CRC-32Cs checked (computed here bit by bit), each record parsed by protoc-generated code from
event.proto. Prints one JSON object per event; writes each image's encoded bytes to OUT_DIR/<n>.png.
A record cut short at the end of a file (a process killed mid-write) ends that file's events, as in TensorBoard.
    read_events.py OUT_DIR EVENT_FILE...      (exit 1 on a bad CRC or an unparseable record)"""
import importlib, json, os, struct, subprocess, sys, tempfile

here = os.path.dirname(os.path.abspath(__file__))
build = tempfile.mkdtemp()
subprocess.run(["protoc", f"--proto_path={here}", f"--python_out={build}", "event.proto"], check=True)
sys.path.insert(0, build)
event_pb2 = importlib.import_module("event_pb2")


def crc32c(data):
    crc = 0xFFFFFFFF
    for byte in data:
        crc ^= byte
        for _ in range(8):
            crc = (crc >> 1) ^ 0x82F63B78 if crc & 1 else crc >> 1
    return crc ^ 0xFFFFFFFF


def masked(data):
    crc = crc32c(data)
    return (((crc >> 15) | (crc << 17)) + 0xA282EAD8) & 0xFFFFFFFF


assert crc32c(b"123456789") == 0xE3069283
out_dir, images = sys.argv[1], 0
for path in sys.argv[2:]:
    data, pos = open(path, "rb").read(), 0
    while pos < len(data):
        if pos + 12 > len(data):
            print(json.dumps({"file": path, "truncated_at": pos}))
            break
        length, length_crc = struct.unpack_from("<QI", data, pos)
        if masked(data[pos:pos + 8]) != length_crc:
            sys.exit(f"{path}: bad length CRC at byte {pos}")
        if pos + 12 + length + 4 > len(data):
            print(json.dumps({"file": path, "truncated_at": pos}))
            break
        body = data[pos + 12:pos + 12 + length]
        (data_crc,) = struct.unpack_from("<I", data, pos + 12 + length)
        if masked(body) != data_crc:
            sys.exit(f"{path}: bad data CRC at byte {pos}")
        pos += 12 + length + 4
        event = event_pb2.Event()
        event.ParseFromString(body)
        out = {"file": path, "wall_time": event.wall_time, "step": event.step}
        if event.WhichOneof("what") == "file_version":
            out["file_version"] = event.file_version
        for value in event.summary.value:
            if value.WhichOneof("value") == "simple_value":
                out.setdefault("scalars", {})[value.tag] = value.simple_value
            elif value.WhichOneof("value") == "image":
                name = os.path.join(out_dir, f"{images}.png")
                open(name, "wb").write(value.image.encoded_image_string)
                images += 1
                out.setdefault("images", []).append(
                    {"tag": value.tag, "file": name, "height": value.image.height, "width": value.image.width,
                     "colorspace": value.image.colorspace})
        print(json.dumps(out))
