#!/usr/bin/env python3
"""District-scale roster files for the demo district's twelve schools: a class list and a pupil list
(UTF-8 with BOM, as Excel saves it). Usage: generate_roster.py OUT_DIR [PUPILS]"""
import os
import random
import sys

PRIMARY = ["第一实验小学", "城关小学", "东风小学", "解放路小学", "育才小学", "新华小学", "红星小学", "青石小学"]
JUNIOR = ["第一中学", "第二中学", "实验初级中学", "城南中学"]
SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦"
GIVEN = "子涵欣怡梓轩浩宇一诺雨泽思远佳琪可馨宇航俊杰明轩诗涵若曦晨阳天佑嘉懿雅琳博文景行语桐沐辰安然书瑶梦琪煜祺瑞泽芷若锦程依诺"
PER_CLASS = 40


def main():
    out = sys.argv[1]
    pupils = int(sys.argv[2]) if len(sys.argv) > 2 else 100_000
    rng = random.Random(2021)
    os.makedirs(out, exist_ok=True)
    schools = [(name, range(1, 7)) for name in PRIMARY] + [(name, range(7, 10)) for name in JUNIOR]
    grade_slots = sum(len(grades) for _, grades in schools)
    classes_per_grade = max(1, -(-pupils // (grade_slots * PER_CLASS)))
    if classes_per_grade > 90:
        sys.exit("too many pupils for 99 classes a grade")
    first_class = 10  # above the demo's own classes, so the import creates them
    with open(os.path.join(out, "classes.csv"), "w", encoding="utf-8-sig", newline="") as f:
        f.write("学校,年级,班级\r\n")
        for school, grades in schools:
            for grade in grades:
                for number in range(first_class, first_class + classes_per_grade):
                    f.write(f"{school},{grade}年级,{number}班\r\n")
    with open(os.path.join(out, "students.csv"), "w", encoding="utf-8-sig", newline="") as f:
        f.write("学校,年级,班级,学号,姓名,性别,家长姓名,家长手机\r\n")
        written = 0
        for school, grades in schools:
            for grade in grades:
                for number in range(first_class, first_class + classes_per_grade):
                    for _ in range(PER_CLASS):
                        if written >= pupils:
                            break
                        written += 1
                        surname = rng.choice(SURNAMES)
                        name = surname + "".join(rng.choice(GIVEN) for _ in range(rng.choice((1, 2))))
                        parent = surname + "".join(rng.choice(GIVEN) for _ in range(2))
                        phone = "137%08d" % written
                        f.write(f"{school},{grade}年级,{number}班,B{written:07d},{name},{rng.choice('男女')},{parent},{phone}\r\n")
    print(f"{written} pupils in {len(schools)} schools, {classes_per_grade} new classes a grade, files in {out}")


if __name__ == "__main__":
    main()
