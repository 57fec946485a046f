#!/usr/bin/env python3
import json, csv
import os
B=os.path.dirname(os.path.dirname(os.path.abspath(__file__)))+'/'
C=json.load(open(B+'tools/coords_parsed.json'))['coords']
def wp(*names): return ';'.join(f"{C[n][0]:.4f} {C[n][1]:.4f}" for n in names)
def cu(*names): return [C[n][2] for n in names]
L=[
 ('1941-emajogi-tartu','1941-advance','1941-07-10','1941-07-25',
  'Emajõgi river line at Tartu: Germans/Estonian Omakaitse held the south bank of Tartu, Red Army the north bank',
  ('Tartu',),
  ['https://tartu.postimees.ee/3763069/tana-75-aastat-tagasi-rindelinnas-tartus-hakkas-taas-ilmuma-postimees','https://postiajalugu.ee/tag/tartu-dorpat/page/2/','https://tartu.postimees.ee/7290482/80-aastat-tagasi-tartu-poleb'],
  'single-point line (only Tartu named with coordinates). 10 Jul 1941 Omakaitse took the south bank; "kuni 22. juulini kestsid Emajõe joonel lahingud"; last Red Army units left the north part of the city on 25 Jul'),
 ('1941-parnu-tartu-line','1941-advance','1941-07-15','1941-07-30',
  'Mid-July 1941 halt of the German advance in Estonia on the Pärnu–(Audru–Vändra)–Türi–Põltsamaa–Tartu line (estonica: Emajõgi River–Matsalu Bay line)',
  ('Pärnu','Tartu'),
  ['http://www.histrodamus.ee/?event=Show_event&event_id=3292&layer=208&lang=eng','http://www.estonica.org/en/War_events_in_Estonia_in_1941/','https://teejuht.esap.ee/kesk-eesti/turi-lahing-1941/'],
  'from_date: histrodamus "front stabilised on 15 July on the Pärnu–Türi–Põltsamaa line"; to_date 30 Jul = end of the fighting for Türi ("18.–30. juulini 1941"), the line was broken piecemeal in the second half of July (Tartu north bank 25 Jul). Türi, Põltsamaa, Audru, Vändra have no coordinates in this dataset, so only Pärnu and Tartu are given as waypoints'),
 ('1944-narva-river','1944-narva','1944-02-01','1944-07-26',
  'Narva river front with Soviet bridgeheads north of Narva (Vepsküla–Siivertsi, Riigiküla; Riigiküla eliminated 24 Feb) and south of the city (Krivasoo, up to the Tallinn–Narva railway at Auvere); Germans held Narva and the west bank until 26 Jul 1944',
  ('Kudruküla (incl. former Riigiküla)','Narva'),
  ['http://www.histrodamus.ee/?event=Show_event&event_id=2217&layer=133&lang=eng','http://www.eestiajalugu.ee/?event=Show_event_popup&event_id=2288&width=670&height=430&TB_iframe=true&modal=true&lang=est','http://www.eestileegion.com/?eesti-leegion/liidrid/harald-nugiseks---vaikiv-sangar/riigikuela-sillapea-tuleb-haevitada.html','https://kniga-online.net/page-56-9265-ivan-fedyuninskii-podnyatye-po-trevoge.html'],
  'Soviets reached the Narva river 1 Feb 1944 (histrodamus); Narva taken 26 Jul 1944. Waypoints N->S: Riigiküla bridgehead (coords of Kudruküla, which now includes the destroyed village) and Narva. Narva-Jõesuu (river mouth), Siivertsi, Auvere, Krivasoo are named in sources but not given as waypoints (no source-backed coordinates / not described as on the line)'),
 ('1944-tannenberg','1944-narva','1944-07-26','1944-09-19',
  'Tannenberg line on the Sinimäed (Blue Hills) at Vaivara/Sinimäe, in the 5 km gap between the Gulf of Finland and the Alutaguse forests/swamps',
  ('Sinimäe',),
  ['https://reporter.kanal2.ee/4194485/reporter-mis-toimus-sinimagede-lahingus','https://hmong.es/wiki/Blue_Mountains_(Estonia)','http://www.inforing.net/publications/infopress/newssilla.php?ELEMENT_ID=30793','http://www.marxists.info/reference/archive/stalin/works/1944/09/20.htm'],
  'battle 26 Jul–10/12 Aug 1944 (sources differ: kanal2 26 Jul–10 Aug, hmong 26 Jul–12 Aug, geotask 28 Jul–10 Aug); the line was held until the German withdrawal of 18–19 Sep (Sillamäe liberated 19 Sep; Order of the Day 20 Sep: advance of 60 km west of Narva in three days). Single-point line (Sinimäe), campaign label 1944-narva because it is the continuation of the Narva front'),
 ('1944-emajogi','1944-offensive','1944-09-06','1944-09-17',
  'Emajõgi river line between Lake Võrtsjärv and Lake Peipus; German Armeeabteilung Narwa defended the north bank, Soviets held Tartu and a bridgehead on the north bank',
  # Waypoints digitised along the river (see geodata/SOURCES.md), not from
  # named places.
  '26.3000 58.3733;26.4000 58.4000;26.5000 58.4300;26.6200 58.4250;26.6748 58.4284;26.7000 58.4300;26.8000 58.4100;26.9000 58.3650;27.0500 58.3700;27.2366 58.3700;27.4265 58.3700;27.5247 58.3700',
  ['https://na-sputnik.ru/en/osvobozhdenie-pribaltiki-trudnyi-put-k-tallinnu-osvobozhdenie-tallina-v-1944-godu.html', 'http://www.marxists.info/reference/archive/stalin/works/1944/09/20.htm', 'http://the-uncensored-wiki.com:20161/2016-wikipedia_en_all_2016-02/A/Tarbatu.html'],
  'Tartu taken 25 Aug; Tartu operation ended 6 Sep with part of the divisions across the Emajõgi ("The fascist task force Narva in the first days of September 1944 took up defenses ... in the south along the Emajygi River"); Soviet offensive from north of Tartu began 17 Sep (Order of the Day 20 Sep: "four days offensive fighting"). Single-point line (Tartu); Kärevere/Luunja have no coordinates here Waypoints: the Emajõgi from Lake Võrtsjärv to Lake Peipus as digitised for the boundary between the regions EE-TARTU and EE-JOGEVA (geodata/SOURCES.md), replacing the single point at Tartu.'),
 ('1944-courland-line','1945-courland','1944-10-16','1945-05-08',
  'Courland Pocket front from the Gulf of Riga west of Ķemeri via Džūkste and Auce, the Vaiņode–Priekule sector, to the Baltic coast at Jūrmalciems south of Liepāja (about 170 km)',
  ('Ķemeri','Džūkste','Auce','Vaiņode','Priekule','Jūrmalciems'),
  ['https://netdenegnakino.ru/en/pochemu-on-byl-nazvan-kurlyandskim-kotlom-kurlyandskii-kotel---legendy-i.html', 'https://kniga-online.net/page-49-53595-yuliya-kantor-pribaltika-voina-bez-pravil-1939-1945.html', 'https://militaryheritagetourism.info/en/military/topics/view/101', 'https://nra.lv/neatkariga/izpete/490675-kapec-kurzemnieki-tika-soditi-par-atrasanos-kurzemes-katla.htm', 'https://perceptiode.com/%D0%9A%D0%B5%D0%BC%D0%B5%D1%80%D0%B8', 'https://de-academic.com/dic.nsf/dewiki/2242530', 'https://de-academic.com/dic.nsf/dewiki/2548721', 'https://lasi.lv/nezinamais-zinamais/laika-masina/21-oktobris-vesture-un-senas-avizes-kurzemes-cietoksnis.20811', 'https://militaryheritagetourism.info/lt/military/topics/view/101', 'https://www.latvietis.lv/index.cgi?action=7&id=3086', 'https://perceptiode.com/%D0%94%D0%B6%D1%83%D0%BA%D1%81%D1%82%D0%B5', 'https://de-academic.com/dic.nsf/dewiki/2616768', 'https://de.wiki.li/J%C5%ABrmalciems'],
  'approximate (waypoints Džūkste, Vaiņode and Jūrmalciems added in session 4 from the pages cited). lasi.lv: "frontes līnija 1944. gada oktobrī nostabilizējās līkloču līnijā no Jūrmalciema līdz Klapkalnciemam ... tāda tā ar vien dažu kilometru atšķirību saglabājās gandrīz nemainīga līdz pat Vācijas armijas kapitulācijai 1945. gada 8. maijā, kad frontes līnijas garums bija ap 170 km". Klapkalnciems (north-east end) has no coordinate page here, so Ķemeri stays the north-east point. Kantor: offensive of 15 Oct "от Добеле к Джуксте"; "Второе наступление началось 27 октября в секторе Приекуле—Вайнеде и Ауце. 28 октября немцы оставили Ауце" (so Auce is on the line only from 28 Oct). Džūkste: Christmas battles "pie Džūkstes" 1944 (latvietis.lv); Soviets gained "nedidelį plotą, įskaitant Džūkstę ir Priekulius" by 14 Mar 1945 (militaryheritagetourism LT) - Džūkste and Priekule segments end Feb-Mar 1945 (Priekule taken c. 21 Feb 1945, front moved ~10 km west). Coordinates: Džūkste 56°47′29″N 23°14′39″E (perceptiode); Vaiņode 56°25′1″N 21°51′19″E (de-academic); Jūrmalciems 56°18′N 21°0′E (de.wiki.li); Ķemeri, Auce, Priekule as in coords.txt. Earlier note: Ķemeri taken 18 Oct 1944 and the advance "was stopped the next day"; capitulation 8 May 1945 (nra: Courland taken over after the German capitulation).'),
]
with open(B+'held_lines.csv','w',newline='',encoding='utf-8') as f:
    w=csv.writer(f,lineterminator='\r\n')
    w.writerow(['id','campaign','from_date','to_date','description','waypoints','sources','note'])
    for i,camp,a,b,desc,names,src,note in L:
        s=list(src)
        for u in (cu(*names) if isinstance(names, tuple) else []):
            if u not in s: s.append(u)
        # A string of names is a tuple of places; a plain string is waypoints.
        points = wp(*names) if isinstance(names, tuple) else names
        w.writerow([i,camp,a,b,desc,points,';'.join(s),note])
print(open(B+'held_lines.csv').read()[:1500])
