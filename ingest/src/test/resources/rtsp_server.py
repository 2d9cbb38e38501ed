#!/usr/bin/python3
"""A real RTSP server for streetwatch's tests and benchmarks: GStreamer's rtsp-server on 127.0.0.1, streaming MP4
files without re-encoding (qtdemux ! parse ! pay), one shared media per mount. Prints "READY <port>" when listening.

    rtsp_server.py --port 0 --mount cam0=/path/a.mp4 --mount cam1=/path/b.mp4
    rtsp_server.py --transcode-h265 IN.mp4 OUT.mp4     (make H.265 test footage, then exit)

Run with Debian's /usr/bin/python3 (python3-gi, gir1.2-gst-rtsp-server-1.0, gstreamer1.0-plugins-*)."""
import argparse
import sys

import gi

gi.require_version("Gst", "1.0")
gi.require_version("GstRtspServer", "1.0")
from gi.repository import GLib, Gst, GstRtspServer  # noqa: E402


def codec_of(path):
    """h264 or h265, from the file's first video caps."""
    pipe = Gst.parse_launch(f'filesrc location="{path}" ! qtdemux name=d d.video_0 ! fakesink name=s')
    pipe.set_state(Gst.State.PAUSED)
    pipe.get_state(5 * Gst.SECOND)
    caps = pipe.get_by_name("s").get_static_pad("sink").get_current_caps()
    pipe.set_state(Gst.State.NULL)
    name = caps.get_structure(0).get_name() if caps else "video/x-h264"
    return "h265" if "h265" in name else "h264"


def transcode_h265(src, dst):
    pipe = Gst.parse_launch(
        f'filesrc location="{src}" ! qtdemux ! h264parse ! openh264dec ! videoconvert ! '
        f"x265enc key-int-max=20 bitrate=1000 speed-preset=ultrafast ! h265parse ! "
        f'mp4mux faststart=true ! filesink location="{dst}"')
    pipe.set_state(Gst.State.PLAYING)
    msg = pipe.get_bus().timed_pop_filtered(Gst.CLOCK_TIME_NONE, Gst.MessageType.EOS | Gst.MessageType.ERROR)
    pipe.set_state(Gst.State.NULL)
    if msg.type == Gst.MessageType.ERROR:
        sys.exit("transcode failed: %s" % (msg.parse_error()[0],))


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--port", type=int, default=0)
    ap.add_argument("--mount", action="append", default=[], help="NAME=FILE")
    ap.add_argument("--transcode-h265", nargs=2)
    args = ap.parse_args()
    Gst.init(None)
    if args.transcode_h265:
        transcode_h265(*args.transcode_h265)
        return
    server = GstRtspServer.RTSPServer()
    server.set_address("127.0.0.1")
    server.set_service(str(args.port))
    server.get_thread_pool().set_max_threads(-1)  # the default serves one client at a time
    mounts = server.get_mount_points()
    codecs = {}
    for m in args.mount:
        name, path = m.split("=", 1)
        codec = codecs.setdefault(path, codec_of(path))
        factory = GstRtspServer.RTSPMediaFactory()
        factory.set_launch(f'( filesrc location="{path}" ! qtdemux ! {codec}parse config-interval=-1 '
                           f"! rtp{codec}pay name=pay0 pt=96 )")
        factory.set_shared(True)
        mounts.add_factory("/" + name, factory)
    server.attach(None)
    print("READY", server.get_bound_port(), flush=True)
    GLib.MainLoop().run()


if __name__ == "__main__":
    main()
