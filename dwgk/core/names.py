"""Believable Chinese names, phone numbers and ID numbers for demo and scale data (all fictional)."""

from __future__ import annotations

import random
from datetime import date, timedelta

from .idcard import check_char

SURNAMES = ("王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈"
            "姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤")
GIVEN = ("伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英华玉兰萍红建文辉力国庆志德海波晓东亮林宁雪梅燕飞鹏"
         "宇浩然博俊杰子轩欣怡思雨佳琪梓涵诗婷嘉欣雅静晨阳铭泽浩宇一鸣天佑春秋冬兴旺福荣昌盛安康永胜小")
REGIONS = ("511702", "511703", "511722", "511723", "511724", "511725", "511781")


def person_name(rng: random.Random) -> str:
    given = rng.choice(GIVEN) + (rng.choice(GIVEN) if rng.random() < 0.7 else "")
    return rng.choice(SURNAMES) + given


def mobile(rng: random.Random) -> str:
    return rng.choice(("138", "139", "135", "137", "150", "151", "158", "182", "187", "199")) + f"{rng.randrange(10**8):08d}"


def id_number(rng: random.Random, gender: str) -> str:
    born = date(1950, 1, 1) + timedelta(days=rng.randrange(365 * 55))
    seq = rng.randrange(0, 99)
    sex_digit = rng.choice((1, 3, 5, 7, 9)) if gender == "M" else rng.choice((0, 2, 4, 6, 8))
    first17 = f"{rng.choice(REGIONS)}{born:%Y%m%d}{seq:02d}{sex_digit}"
    return first17 + check_char(first17)
