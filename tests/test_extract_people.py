"""extract.people: any Chinese surname (compound ones too), a name's characters in brackets, people a
role introduces, and places that are never people. Sentences are our own, in the family's style."""

import time

import pytest

from npc_kg import catalogue
from npc_kg.extract.people import find_people, person_name


@pytest.mark.parametrize("text, names", [
    ("Vice Premier Hu Chunhua and Sun Chunlan attended.", ["Hu Chunhua", "Sun Chunlan"]),
    ("State Councilor Wei Fenghe spoke after Qi Yu.", ["Wei Fenghe", "Qi Yu"]),
    ("The draft was explained by Ouyang Jian and Sima Nan.", ["Ouyang Jian", "Sima Nan"]),
    ("Deputies Zhuge Yujie, Situ Wen and Shangguan Yunxiang voted.",
     ["Zhuge Yujie", "Situ Wen", "Shangguan Yunxiang"]),
    ("Deputy Mi Jianhua and Nong Rong asked questions.", ["Mi Jianhua", "Nong Rong"]),
])
def test_any_chinese_surname_with_a_pinyin_given_name(text, names):
    assert find_people(text) == names


def test_the_surname_inventory_is_pinyin_and_has_the_compound_surnames():
    assert {"Ouyang", "Sima", "Zhuge", "Situ", "Shangguan", "Murong", "Xiahou"} <= set(catalogue.SURNAMES)
    assert len(catalogue.SURNAMES) == len(set(catalogue.SURNAMES)) > 300
    assert all(person_name(f"{surname} Wei") == f"{surname} Wei" for surname in catalogue.SURNAMES)


def test_characters_in_brackets_admit_a_rare_surname():
    text = "The deputy Gen Shuang (耿爽) spoke; Gen Shuang spoke again."
    assert find_people("The deputy Gen Shuang spoke.") == []  # "Gen" is no surname of the list
    assert find_people(text) == ["Gen Shuang"]
    assert find_people("The Two Sessions (两会) opened.") == []  # characters do not make English words a name


@pytest.mark.parametrize("text, names", [
    ("On 4 March, the NPC spokesperson Lou Qinjian said the press conference was cancelled.", ["Lou Qinjian"]),
    ("Foreign Minister Wang Yi met reporters.", ["Wang Yi"]),
    ("US State Department spokesperson Ned Price said Washington was watching.", ["Ned Price"]),
    ("The US ambassador Nicholas Burns attended the opening.", ["Nicholas Burns"]),
    ("Ambassador to China Nicholas Burns attended.", ["Nicholas Burns"]),
    ("Minister of Foreign Affairs Sergey Lavrov welcomed the session.", ["Sergey Lavrov"]),
    ("President Joe Biden and Premier Li Qiang spoke.", ["Joe Biden", "Li Qiang"]),
    ("UN SECRETARY-GENERAL António Guterres and Chief Executive John Lee sent greetings.",
     ["António Guterres", "John Lee"]),
    ("The official Xinhua News Agency reported it.", []),
])
def test_people_a_role_introduces(text, names):
    assert find_people(text) == names


@pytest.mark.parametrize("text", [
    "The President of the People's Republic of China is elected by the Congress.",
    "The Minister Of State Security was not named.",
    "The spokesperson said Tuesday March would be busy.",
    "President Xi Jinping Thought was written into the Preamble.",
])
def test_a_role_before_words_that_are_no_name(text):
    assert find_people(text) == []  # no person: an institution, a title, weekdays, a doctrine


def test_places_are_never_people():
    text = ("Deputies from Hong Kong, Macau, Inner Mongolia, Nei Menggu and Hebei met Governor Jiang Xi "
            "of the province; Li said Hong Kong should continue.")
    assert find_people(text) == []
    for place in catalogue.PLACES:
        assert find_people(f"Deputies from {place} met.") == [], place
        assert person_name(place) is None


def test_every_provincial_level_division_is_listed():
    provinces = {"Hebei", "Shanxi", "Liaoning", "Jilin", "Heilongjiang", "Jiangsu", "Zhejiang", "Anhui", "Fujian",
                 "Jiangxi", "Shandong", "Henan", "Hubei", "Hunan", "Guangdong", "Hainan", "Sichuan", "Guizhou",
                 "Yunnan", "Shaanxi", "Gansu", "Qinghai", "Taiwan"}
    regions = {"Inner Mongolia", "Guangxi", "Tibet", "Ningxia", "Xinjiang"}
    others = {"Beijing", "Tianjin", "Shanghai", "Chongqing", "Hong Kong", "Macau"}
    assert provinces | regions | others <= set(catalogue.PLACES)


def test_names_of_things_named_after_people_are_not_people():
    text = "the Hang Seng Index rose; Sun Yat Sen University; Deng Xiaoping Theory; Zhou Enlai said"
    assert find_people(text) == ["Zhou Enlai"]


def test_a_megabyte_line_of_capitalised_words_is_read_in_linear_time():
    started = time.perf_counter()
    for line in ("Minister Wang Yi said " * 50_000, "Li Keqiang Zhang " * 60_000, "Aaaa " * 200_000):
        assert len(line) > 900_000
        find_people(line)
    assert time.perf_counter() - started < 60  # generous: quadratic work on these lines takes hours
