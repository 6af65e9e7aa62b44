"""Name normalisation: one name written two ways compares equal, two names do not."""

import pytest

from npc_kg.link.normalize import (BARE_TITLE, BODY_OR_STATE, SAME, WITHOUT_COUNTRY, institution_similarity,
                                   name_key, office_similarity, office_variants, organization_variants,
                                   person_similarity, person_variants)


@pytest.mark.parametrize("spelling", ["Xi Jin Ping", "Xi Jinping", "XI JINPING", "xi  jinping", "Xi-Jinping",
                                      "Xī Jìnpíng"])
def test_spellings_of_one_person_share_a_key(spelling):
    assert name_key(spelling) == name_key("Xi Jinping")
    assert person_similarity(spelling, "Xi Jinping") == SAME


def test_different_people_do_not_match():
    assert person_similarity("Wang Xiao", "Wang Xiaodong") == 0.0
    assert person_similarity("Li Keqiang", "Li Zhanshu") == 0.0
    assert person_similarity("", "") == 0.0


def test_chinese_names_compare_as_written():
    assert person_similarity("王晓", "王晓") == SAME
    assert person_similarity("王晓", "王晓东") == 0.0


def test_lookup_spellings_include_the_joined_given_name_and_the_toneless_form():
    assert "Xi Jinping" in person_variants("Xi Jin Ping")
    assert "Guo Jinlong" in person_variants("Guō Jīnlóng")
    assert person_variants("Li Keqiang") == {"Li Keqiang"}


def test_a_post_named_by_its_body_resembles_the_post_named_by_the_state():
    assert office_similarity("Premier of the State Council", "Premier of the People's Republic of China") \
        == BODY_OR_STATE
    assert "Premier of the People's Republic of China" in office_variants("Premier of the State Council")


def test_office_wording_folds_abbreviations_case_and_hyphens():
    assert office_similarity("Chairman of the NPCSC",
                             "Chairman of the Standing Committee of the National People's Congress") == SAME
    assert office_similarity("procurator-general of the Supreme People's Procuratorate",
                             "Procurator-General of the SPP") == SAME
    assert office_similarity("President of China", "President of the People’s Republic of China") == SAME


def test_different_posts_do_not_match():
    assert office_similarity("Vice President of the People's Republic of China",
                             "President of the People's Republic of China") == 0.0
    assert office_similarity("President of the Supreme People's Court",
                             "President of the Supreme People's Procuratorate") == 0.0


def test_a_bare_title_names_no_post_in_particular():
    assert office_similarity("President", "President of the People's Republic of China") == BARE_TITLE


def test_bodies_with_or_without_the_state_in_their_name():
    assert institution_similarity("Supreme People's Court",
                                  "Supreme People's Court of the People's Republic of China") == WITHOUT_COUNTRY
    assert "State Council of the People's Republic of China" in organization_variants("State Council")
    assert institution_similarity("National People's Congress", "12th National People's Congress") == 0.0
    assert institution_similarity("China", "Republic of China") == 0.0
    assert institution_similarity("People's Republic of China", "Republic of China") == 0.0
