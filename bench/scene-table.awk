# Tables from decode_bench/zxing_bench scene rows (run-decode-bench.sh
# --scenes):  scene DECODER COND SIZE READ CODES WRONG FRAMES MEDIAN MEAN MAX
# A decoder's mean time per frame over a condition or a size is the rows'
# means weighted by their FRAMES (total time over frames decoded).
function name(d) {
    return d == "checkin" ? "checkin decode (still)" : \
           d == "checkin-video" ? "checkin station (video)" : \
           d == "zbar" ? "libzbar default" : \
           d == "zxing" ? "ZXing-C++" : d
}
$1 == "scene" {
    d = $2; c = $3; s = $4
    if (!(d in seend)) { seend[d] = 1; dec[++nd] = d }
    if (!(c in seenc)) { seenc[c] = 1; cond[++nc] = c }
    if (!(s in seens)) { seens[s] = 1; size[++ns] = s }
    rd[d, c] += $5; cd[d, c] += $6; wr[d, c] += $7
    tc[d, c] += $10 * $8; fc[d, c] += $8
    rs[d, s] += $5; cs[d, s] += $6; ws[d, s] += $7
    ts[d, s] += $10 * $8; fs[d, s] += $8
    if ($11 > mx[d, s]) mx[d, s] = $11
}
END {
    printf "| condition (all sizes) |"
    for (i = 1; i <= nd; i++) printf " %s |", name(dec[i])
    printf "\n|---|"
    for (i = 1; i <= nd; i++) printf "---|"
    printf "\n"
    for (j = 1; j <= nc; j++) {
        c = cond[j]
        printf "| %s |", c
        for (i = 1; i <= nd; i++) {
            d = dec[i]
            printf " %d/%d%s, %.1f ms |", rd[d, c], cd[d, c],
                   wr[d, c] ? sprintf(" (%d wrong)", wr[d, c]) : "",
                   fc[d, c] ? tc[d, c] / fc[d, c] : 0
        }
        printf "\n"
    }
    print ""
    print "| decoder | size | codes read | wrong | mean ms/frame | x ZXing-C++ | longest frame ms |"
    print "|---|---|---|---|---|---|---|"
    for (k = 1; k <= ns; k++) {
        s = size[k]
        zx = fs["zxing", s] ? ts["zxing", s] / fs["zxing", s] : 0
        for (i = 1; i <= nd; i++) {
            d = dec[i]
            m = fs[d, s] ? ts[d, s] / fs[d, s] : 0
            printf "| %s | %s | %d/%d | %d | %.2f | %s | %.1f |\n", name(d), s,
                   rs[d, s], cs[d, s], ws[d, s], m,
                   zx ? sprintf("%.2f", m / zx) : "-", mx[d, s]
        }
    }
}
