/* ZXing-C++ (libzxing-dev) on the same images as decode_bench, for
 * comparison: the shared photos and the synthetic frames decode_bench
 * --write-frames wrote.  Default hints (try harder, rotate, downscale),
 * QR codes only.  Prints the same tab-separated rows as decode_bench;
 * pinned to CPU 0.  Images are loaded with checkin's image loader so all
 * decoders see the same pixels.
 *
 *   zxing_bench PHOTO_DIR [FRAME_DIR]
 *   zxing_bench --scenes SCENE_DIR
 *
 * With --scenes it reads the realistic frames decode_bench --write-scenes
 * wrote (SCENE_DIR/scenes.tsv) and prints decode_bench's scene rows. */
#define ZX_USE_UTF8 1
#include <ZXing/ReadBarcode.h>

#include <dirent.h>
#include <sched.h>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

extern "C" {
#include "checkin/image.h"
}

namespace
{

const char BADGE[] =
    "HQVG5JL14U07I7J.2+48H9DR4+Q932BKGMK6Q51LKOX/Y-+.G%/3VNDM9-1"
    "FV+RIDQOO9%TZ5ZO3W+1+Y/-XIKJAB0+H3P60+$N+HTSCLHF.-X/EV191*G";
const int FRAMES_PER_SIZE = 20;
const int FRAME_REPS = 3;
const int SIZES[3][2] = {{640, 480}, {1280, 720}, {1920, 1080}};

double percentile(std::vector<double> v, double p)
{
    if (v.empty())
        return 0;
    std::sort(v.begin(), v.end());
    size_t i = (size_t)std::ceil(p * (double)v.size()) - 1;
    return v[std::min(i, v.size() - 1)];
}

/* Every QR code ZXing-C++ finds in `f`, default hints; *ms the call. */
static ZXing::Results read_all(const gray_frame &f, double &ms)
{
    ZXing::ImageView view(f.pixels, f.width, f.height, ZXing::ImageFormat::Lum,
                          (int)f.stride);
    ZXing::DecodeHints hints;
    hints.setFormats(ZXing::BarcodeFormat::QRCode);
    auto t0 = std::chrono::steady_clock::now();
    ZXing::Results rs = ZXing::ReadBarcodes(view, hints);
    auto t1 = std::chrono::steady_clock::now();
    ms = std::chrono::duration<double, std::milli>(t1 - t0).count();
    return rs;
}

/* 1 expected payload, -1 another one, 0 nothing. */
int run(const gray_frame &f, const std::string &expect, double &ms)
{
    ZXing::Results rs = read_all(f, ms);
    int res = 0;
    for (const auto &r : rs) {
        if (!r.isValid())
            continue;
        if (r.text() == expect)
            return 1;
        res = -1;
    }
    return res;
}

/* Codes read (each expected payload once) and wrong payloads. */
void run_scene(const gray_frame &f, const std::vector<std::string> &expect,
               int &read, int &wrong, double &ms)
{
    ZXing::Results rs = read_all(f, ms);
    read = wrong = 0;
    std::vector<bool> seen(expect.size());
    for (const auto &r : rs) {
        if (!r.isValid())
            continue;
        auto it = std::find(expect.begin(), expect.end(), r.text());
        if (it == expect.end()) {
            wrong++;
        } else if (!seen[it - expect.begin()]) {
            seen[it - expect.begin()] = true;
            read++;
        }
    }
}

int bench_scenes(const std::string &dir)
{
    std::ifstream list(dir + "/scenes.tsv");
    if (!list) {
        std::fprintf(stderr, "zxing_bench: no %s/scenes.tsv\n", dir.c_str());
        return 1;
    }
    struct scene {
        std::string file, cond, size;
        std::vector<std::string> text;
    };
    std::vector<scene> sc;
    std::string line;
    while (std::getline(list, line)) {
        std::vector<std::string> f;
        std::stringstream ss(line);
        std::string x;
        while (std::getline(ss, x, '\t'))
            f.push_back(x);
        if (f.size() < 4)
            continue;
        sc.push_back({f[0], f[1], f[2], {f.begin() + 3, f.end()}});
    }
    for (size_t a = 0; a < sc.size();) {
        size_t b = a;
        while (b < sc.size() && sc[b].cond == sc[a].cond &&
               sc[b].size == sc[a].size)
            b++;
        int read = 0, wrong = 0, codes = 0;
        std::vector<double> t;
        double sum = 0, max = 0;
        for (size_t i = a; i < b; i++) {
            gray_frame f;
            ck_error err;
            if (image_load((dir + "/" + sc[i].file).c_str(), &f, &err)) {
                std::fprintf(stderr, "zxing_bench: %s\n", err.msg);
                return 1;
            }
            int r, w;
            double ms;
            run_scene(f, sc[i].text, r, w, ms);
            image_free(&f);
            read += r;
            wrong += w;
            codes += (int)sc[i].text.size();
            t.push_back(ms);
            sum += ms;
            max = std::max(max, ms);
        }
        std::printf("scene\tzxing\t%s\t%s\t%d\t%d\t%d\t%zu\t%.2f\t%.2f\t%.2f\n",
                    sc[a].cond.c_str(), sc[a].size.c_str(), read, codes, wrong,
                    t.size(), percentile(t, 0.5), sum / (double)t.size(), max);
        std::fflush(stdout);
        a = b;
    }
    return 0;
}

std::string slurp(const std::string &path, bool &ok)
{
    std::ifstream in(path, std::ios::binary);
    ok = (bool)in;
    std::stringstream ss;
    ss << in.rdbuf();
    return ss.str();
}

} // namespace

int main(int argc, char **argv)
{
    if (argc < 2) {
        std::fprintf(stderr, "usage: zxing_bench PHOTO_DIR [FRAME_DIR]\n");
        return 2;
    }
    bool verbose = std::getenv("ZXING_BENCH_VERBOSE") != nullptr;
    cpu_set_t one;
    CPU_ZERO(&one);
    /* CPU 0 unless $CHECKIN_BENCH_CPU names another (a busy shared box). */
    const char *cpu = std::getenv("CHECKIN_BENCH_CPU");
    CPU_SET(cpu ? (int)std::strtol(cpu, nullptr, 10) : 0, &one);
    if (sched_setaffinity(0, sizeof(one), &one))
        std::perror("zxing_bench: sched_setaffinity");
    if (argc > 2 && std::string(argv[1]) == "--scenes")
        return bench_scenes(argv[2]);

    std::string dir = argv[1];
    std::vector<std::string> names;
    if (DIR *dp = opendir(dir.c_str())) {
        while (dirent *de = readdir(dp)) {
            std::string n = de->d_name;
            if (n.size() > 4 && (n.substr(n.size() - 4) == ".png" ||
                                 n.substr(n.size() - 4) == ".jpg"))
                names.push_back(n);
        }
        closedir(dp);
    }
    std::sort(names.begin(), names.end());
    std::vector<double> t;
    int correct = 0, wrong = 0, missed = 0, total = 0;
    for (const auto &n : names) {
        bool ok;
        std::string expect =
            slurp(dir + "/" + n.substr(0, n.size() - 4) + ".txt", ok);
        if (!ok)
            continue;
        gray_frame f;
        ck_error err;
        if (image_load((dir + "/" + n).c_str(), &f, &err)) {
            std::fprintf(stderr, "zxing_bench: %s\n", err.msg);
            continue;
        }
        double ms;
        int r = run(f, expect, ms);
        t.push_back(ms);
        correct += r == 1;
        wrong += r == -1;
        missed += r == 0;
        total++;
        if (verbose && r != 1)
            std::fprintf(stderr, "  zxing %s: %s\n", n.c_str(),
                         r ? "WRONG" : "missed");
        image_free(&f);
    }
    std::printf("photos\tzxing\t%d\t%d\t%d\t%d\t%.2f\t%.2f\n", correct, wrong,
                missed, total, percentile(t, 0.5), percentile(t, 0.95));
    std::fflush(stdout);

    if (argc > 2) {
        for (const auto &sz : SIZES) {
            std::vector<double> ft;
            int ok = 0;
            for (int i = 0; i < FRAMES_PER_SIZE; i++) {
                char path[4096];
                std::snprintf(path, sizeof(path), "%s/frame-%dx%d-%02d.pgm",
                              argv[2], sz[0], sz[1], i);
                gray_frame f;
                ck_error err;
                if (image_load(path, &f, &err)) {
                    std::fprintf(stderr, "zxing_bench: %s\n", err.msg);
                    continue;
                }
                for (int k = 0; k < FRAME_REPS; k++) {
                    double ms;
                    int r = run(f, BADGE, ms);
                    ok += k == 0 && r == 1;
                    ft.push_back(ms);
                }
                image_free(&f);
            }
            std::printf("frames\tzxing\t%dx%d\t%d\t%d\t%.2f\n", sz[0], sz[1],
                        ok, FRAMES_PER_SIZE, percentile(ft, 0.5));
            std::fflush(stdout);
        }
    }
    return 0;
}
